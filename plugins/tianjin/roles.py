"""天津市的角色：津民函〔2023〕20号《天津市民政局关于创建“五社联动”示范项目的通知》.

The bodies of 五（一）–（三): the city bureau with the supervision team and the evaluation team it
forms, the district bureaus, streets/towns, and the city-level public-fundraising charity that
holds the community funds; the street social work station and the communities of 三（二）–（五）.
``tenant_admin`` is the core's, not declared here.
"""

from core import RoleDecl, Tier

DOCUMENT = "津民函〔2023〕20号"

# Reading the platform and the five elements, without personal data in full.
READ = (
    "region:read",
    "community_profile:read",
    "social_organization:read",
    "social_worker:read",
    "volunteer:read",
    "volunteer_team:read",
    "community_fund:read",
    "donation:read",
    # 三（五）: 每年参加志愿服务活动并有志愿服务时长记录的注册志愿者……40%以上 — the activities and the
    # volunteer-hours ledger behind the standard.
    "activity:read",
    "service_record:read",
    # 创建标准5: 探索志愿服务积分激励机制 — the volunteers' time-bank and points accounts.
    "points:read",
    # 三: the creation standards (the targets) and 三（一）、（三）、（五） what funds, services and volunteer
    # activities are (the catalogues) are read by every body of the creation.
    "target:read",
    "indicator:read",
    "catalogue:read",
    # 一: 以居民需求为导向 — the residents' needs (masked), the resources and the projects answering them; 五（三）:
    # the evaluation of 服务成效、社会参与、资源整合 reads them too.
    "demand:read",
    "service_resource:read",
    "service_project:read",
)

ROLES = [
    RoleDecl(
        code="city_bureau",
        label="天津市民政局",
        tier=Tier.CITY,
        permissions=(
            *READ,
            # 二、附件2: chooses the city–district joint creation points (a community's profile).
            "community_profile:update@community",
            # 二: 在全市选取……50个街镇（100个城乡社区）作为……区级创建点（名额分配见附件1），其中11个街镇（24个
            # 社区）作为市区联合创建点（具体名单见附件2）; 五（一）: 市民政局负责制定总体工作方案 — it names the joint
            # points (joint_point at a street, creation_point at a community: attributes.py) and keeps the facts of
            # the city's regions that 三（五） is judged on (社区常住居民人数), adding those the tree lacks. Audited.
            "region:update@city,district,street,community",
            "region:create@district,street,community",
            # 五（一）、五（三）: forms the supervision team and the evaluation team.
            "user:read",
            "user:create",
            "user:update",
            "role:read",
            "assignment:read",
            "assignment:create",
            "assignment:delete",
            # 五（三）: 适时对全市示范项目创建工作进行监督检查.
            "audit:read",
            # 五（三）: 各区民政局……做好中期、末期评估，并将评估结果报送市民政局 (tianjin_mid_term_evaluation,
            # tianjin_final_evaluation); 市民政局组建专业评估团队……经评估合格后给予结项
            # (tianjin_joint_point_evaluation): it receives the evaluations and closes the joint points.
            "form:read",
            "form:review",
            # Held for the evaluation team it forms (the core lets nobody grant what they do not hold):
            # the joint point evaluation at the street, and its checks against the standards of 三.
            "form:submit@street",
            "rule:run",
            # 五（三）: 市民政局……分阶段对市区联合创建点项目开展评估考核……经评估合格后给予结项 — the creation
            # point cases (plugins/tianjin/cases.py): it sees every point, evaluates and closes the joint points.
            "case:read@district,street,community",
            "tianjin_creation_point:evaluate_joint_point@street",
            "tianjin_creation_point:close_joint_point@street",
            # The tenant's settings, read at its root (the city). This plugin declares none, so changing
            # them stays with tenant_admin.
            "setting:read",
        ),
        source=f"{DOCUMENT} 二、五（一）、五（三）",
    ),
    RoleDecl(
        code="supervision_team",
        label="督导团队",
        # 五（一）: professional guidance on fundraising and social work services; changes nothing.
        tier=Tier.CITY,
        permissions=(
            "region:read",
            "community_profile:read",
            "social_organization:read",
            "social_worker:read",
            "community_fund:read",
            "donation:read",
            # 五（一）: 社会工作服务开展等方面的专业指导 — the services held.
            "activity:read",
            # It guides the points towards the standards of 三 (慈善资金筹措、社会工作服务开展).
            "target:read",
            "indicator:read",
            "catalogue:read",
        ),
        source=f"{DOCUMENT} 五（一）",
    ),
    RoleDecl(
        code="evaluation_team",
        label="专业评估团队",
        # 五（三）: evaluates the joint points (implementation, results, participation,
        # resource integration, social benefit) in stages; changes no record of the five elements.
        tier=Tier.CITY,
        permissions=(
            *READ,
            # 五（三）: 分阶段对市区联合创建点项目开展评估考核 — tianjin_joint_point_evaluation, at the
            # joint point's street; it reviews the points' creation records (tianjin_creation_record).
            "form:read",
            "form:submit@street",
            "form:review",
            # 五（三）: 重点检查项目实施情况……经评估合格后给予结项 — the checks against the standards of 三.
            "rule:run",
            # The same stage evaluations as steps of the joint point's case (plugins/tianjin/cases.py).
            "case:read@street,community",
            "tianjin_creation_point:evaluate_joint_point@street",
        ),
        source=f"{DOCUMENT} 五（三）",
    ),
    RoleDecl(
        code="charity_organization",
        label="市级具有公开募捐资格的慈善组织",
        tier=Tier.CITY,
        permissions=(
            "region:read",
            "community_profile:read",
            "social_organization:read",
            # 五（一）: sets up the street community funds as its special funds;
            # 三（六）: raises money for them and 三（一） funds services and organizations.
            "community_fund:read",
            "community_fund:create@street",
            "community_fund:update@street",
            # 三（一）: the fund's money pays for community services and organizations; it sits in the
            # charity's account as its special fund, so the charity makes the grants (from the ledger).
            "community_fund:grant@street",
            "donation:read",
            "donation:create@street,community",
            "donation:dispatch@street,community",
            # 三（六）: the fundraising amounts it must reach (the targets) and 三（一） the fund's uses.
            "target:read",
            "indicator:read",
            "catalogue:read",
        ),
        source=f"{DOCUMENT} 三（一）、三（六）、五（一）",
    ),
    RoleDecl(
        code="district_bureau",
        label="区民政局",
        tier=Tier.DISTRICT,
        permissions=(
            *READ,
            # 附件1: fills the district's quota of district-level creation points.
            "community_profile:update@community",
            # 三（二）、五（一）: staffs the street stations (人员配备) with ≥ 2 full-time social workers.
            "social_worker:create@street",
            "social_worker:update@street",
            # 五（三）: 对本区创建点项目进行全流程监督指导，做好中期、末期评估，并将评估结果报送市民政局
            # (tianjin_mid_term_evaluation, tianjin_final_evaluation, at the district or the street
            # evaluated); it reviews its points' creation records (tianjin_creation_record) and checks
            # them against the standards of 三 (五（一）: 督促落实各项工作要求).
            "form:read",
            "form:submit@district,street",
            "form:review",
            "rule:run",
            # 二、附件1: designates its streets as creation points within its quota (and enrols its joint
            # point of 附件2), withdraws them; 五（三）: 做好中期、末期评估 and closes its district-level
            # points; 五（一）: 督促落实各项工作要求 — reopens a creation task found not done
            # (plugins/tianjin/cases.py).
            "case:read@street,community",
            "tianjin_creation_point:designate@street",
            "tianjin_creation_point:evaluate@street",
            "tianjin_creation_point:close@street",
            "tianjin_creation_task:reopen@street",
            # 五（一）: 区民政局负责本区项目整体规划、总体协调、监督指导……协调区、街镇、社区各方力量; 二、附件1、附件2:
            # the district's creation points and its joint point — it keeps the facts and designations of its
            # district, streets and communities (joint_point, creation_point; the resident population 三（五）'s 15%
            # is judged on) and adds its streets and communities (the plugin declares only the joint points').
            "region:update@district,street,community",
            "region:create@street,community",
        ),
        source=f"{DOCUMENT} 五（一）、五（三）",
    ),
    RoleDecl(
        code="street_office",
        label="街镇",
        tier=Tier.STREET,
        permissions=(
            *READ,
            # 三（一）: the street sets up the community fund; 五（一）: keeps it running.
            "community_fund:create@street",
            "community_fund:update@street",
            # 五（一）: brings the area's charity forces in (辖区慈善力量).
            "donation:create@street,community",
            # 三（一）: the street's community fund is for 开展社区公益与志愿活动; 五（一）: 统筹街镇社会力量和资源 —
            # it records the activities held in the street and its communities. Not the volunteer-hours
            # ledger: 三（五） gives the records to the project and the community volunteer stations.
            "activity:create@street,community",
            "activity:update@street,community",
            # 五（一）: 统筹街镇社会力量和资源，确保社区基金的顺利落地 — it offers the fund and its area's resources
            # to answer the needs (the resource list).
            "service_resource:create@street,community",
            # 二: 50个街镇……作为……区级创建点 — the street is the creation point and keeps its ledger
            # against the standards of 三 (tianjin_creation_record, at the street).
            "form:read",
            "form:submit@street",
            # 五（一）: the street carries the creation tasks out (plugins/tianjin/cases.py).
            "case:read@street,community",
            "tianjin_creation_task:complete@street",
            # Not region:update nor region:create: a street's facts carry its designation (joint_point, whose 序号
            # sets its own fundraising threshold under 三（六）: 1—5 不少于5万元, 6—11 不少于2万元), which 二、附件2
            # give the city bureau to name; 五（一） gives the street the fund and its publicity, and 五（一） gives
            # 本区……统筹推进 to the district bureau, which keeps the street's facts.
        ),
        source=f"{DOCUMENT} 二、三（一）、五（一）",
    ),
    RoleDecl(
        code="social_work_station",
        label="街镇社会工作服务站",
        tier=Tier.STREET,
        permissions=(
            *READ,
            # 三（四）: cultivates ≥ 5 community social organizations per project.
            "social_organization:create@community",
            "social_organization:update@community",
            # 三（五）: a volunteer team per covered community, volunteer records and certificates.
            "volunteer:create@community",
            "volunteer:update@community",
            "volunteer:dispatch@community",
            "volunteer_team:create@community",
            "volunteer_team:update@community",
            "volunteer_team:dispatch@community",
            # 三（三）: 项目以街镇社会工作服务站为平台……提供“更精准、更暖心”的专业服务; 三（五）: 开展扶贫济困、
            # 敬老助残……等志愿服务活动，做好志愿服务记录与证明工作 — it records the services and activities
            # held at the street and in its communities, and the volunteers' hours (at their community).
            "activity:create@street,community",
            "activity:update@street,community",
            "service_record:create@community",
            # 创建标准5: 探索志愿服务积分激励机制 — deposits from the hours recorded, withdrawals and exchanges.
            "points:earn@community",
            "points:award@community",
            "points:exchange@community",
            # 三（三）: professional casework for people in particular difficulty (养老服务、社会救助、
            # 儿童福利和权益保护、残疾人保障) — it must know who they are.
            "personal_data:read_full@community",
            # 三（三）: 项目以街镇社会工作服务站为平台，依托社区基金资源……为特殊困难群众提供“更精准、更暖心”的专业服务
            # — it enters the needs of the people it serves, the resources (the fund's, 三（一）) and the projects
            # that answer them, and matches them.
            "demand:create@community",
            "demand:update@community",
            "demand:match@street,community",
            "service_resource:create@street,community",
            "service_project:create@street,community",
        ),
        source=f"{DOCUMENT} 三（二）、三（三）、三（四）、三（五）",
    ),
    RoleDecl(
        code="community",
        label="社区",
        tier=Tier.COMMUNITY,
        # 三（二）: its "two committees" members and a certified community worker take part;
        # 三（五）: ≥ 15% of residents registered as volunteers.
        permissions=(
            *READ,
            "volunteer:create@community",
            "volunteer:update@community",
            # 三（五）: 协助社区志愿服务站……开展……志愿服务活动，做好志愿服务记录与证明工作 — the community's
            # volunteer station holds its activities and keeps its volunteers' records, at the community.
            "activity:create@community",
            "activity:update@community",
            "service_record:create@community",
            # 创建标准5: 探索志愿服务积分激励机制 — deposits from the hours recorded, withdrawals and exchanges.
            "points:earn@community",
            "points:award@community",
            "points:exchange@community",
            # 三（五）: 协助社区志愿服务站开发策划社区志愿服务项目 — the community's volunteer station plans its
            # volunteer projects (the project list) and offers its volunteers (the resource list).
            "service_resource:create@community",
            "service_project:create@community",
        ),
        source=f"{DOCUMENT} 三（二）、三（五）",
    ),
]
