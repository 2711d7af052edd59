"""重庆市的角色：渝民发〔2022〕7号《重庆市民政局关于创新“五社联动”机制 提升基层治理效能的意见》.

The generic bodies of every Chongqing district: the municipal bureau, the district/county
civil-affairs departments, townships/streets, villages/communities and their "two committees".
District plugins of this tenant (``qianjiang``) add only their own bodies: role codes are unique
per tenant. ``tenant_admin`` is the core's; none of these administers users or roles.
"""

from core import RoleDecl, Tier

DOCUMENT = "渝民发〔2022〕7号"

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
    # 三（三）: 深化志愿服务“时间银行”、积分兑换实践探索，扎实开展志愿服务记录与证明抽查工作 — the activities and
    # the volunteer-hours ledger are read by every body of the opinion (the district spot-checks them).
    "activity:read",
    "service_record:read",
    # 三（三）: 深化志愿服务“时间银行”、积分兑换实践探索 — the volunteers' time-bank and points accounts.
    "time_bank:read",
    "points:read",
    # 二: the targets every district and community works to; 三（三）、（四）: the services and project
    # forms (the catalogues) — read by every body of the opinion.
    "target:read",
    "indicator:read",
    "catalogue:read",
    # 三（六）: 建立基层社会服务需求清单、资源清单、项目清单，促进供需对接 — the three lists, read by every body
    # (a demand's resident only masked).
    "demand:read",
    "service_resource:read",
    "service_project:read",
)

# Keeping the facts of the regions (populations and their census year, urban/rural kind, name,
# division code; updateRegion, audited) and adding the regions the tree lacks (addRegion): 二's ratios
# are judged on them — 每万名城镇常住人口拥有社区工作者达到18人, 实名认证注册志愿者占常住人口的比例达到22%,
# 城市社区平均拥有12个以上社区社会组织，农村社区平均拥有6个以上. Each body that holds an area keeps it, at
# its own tier and below, and adds regions only below its own: never its parent or a sibling.
DISTRICT_MAINTAINS = (
    # 四（二）: 各区县民政部门要制定“五社联动”实施方案……做好“五社联动”统筹规划、资源整合、协调指导、督促检查、
    # 绩效评估 — the district checks and evaluates its streets and communities against 二, on their facts.
    "region:update@district,street,community",
    "region:create@street,community",
)
STREET_MAINTAINS = (
    # 四（二）: 乡镇（街道）要……开展“五社联动”项目策划、服务管理监督……指导村（社区）开展服务 — the street
    # keeps the facts of itself and its villages/communities, and adds a village/community.
    "region:update@street,community",
    "region:create@community",
)

ROLES = [
    RoleDecl(
        code="municipal_bureau",
        label="重庆市民政局",
        tier=Tier.CITY,
        permissions=(
            *READ,
            # 二: builds municipal-level demonstration sites (市级示范点), a community's profile.
            "community_profile:update@community",
            # 发文机关 of the municipality's opinion, addressed to its 41 district-tier bodies (主送：各区县（自治县）
            # 民政局，两江新区社会保障局、西部科学城重庆高新区公共服务局、万盛经开区民政局); 二: its goals for the
            # municipality (“实名认证注册志愿者占常住人口的比例达到22%” …) are judged on its regions' facts — it
            # keeps them and adds the regions below it the tree lacks.
            "region:update@city,district,street,community",
            "region:create@district,street,community",
            # 二: 慈善组织总数较“十三五”末翻一番 — the municipality's goal, whose count at the end of 2020 the
            # opinion does not state: its issuer sets it (setBaseline, audited), at the municipality only.
            "indicator:update@city",
            # Issuer of the opinion: reads the tenant's settings at the root. Neither chongqing nor
            # qianjiang declares any, so changing them stays with tenant_admin.
            "setting:read",
        ),
        source=f"{DOCUMENT} 发文机关；二",
    ),
    RoleDecl(
        code="district_bureau",
        label="区县民政部门",
        tier=Tier.DISTRICT,
        permissions=(
            *READ,
            # 二: each district/county adds ≥ 2 demonstration sites a year (区县级示范点).
            "community_profile:update@community",
            # 四（二）: 统筹规划、资源整合 … 人才队伍建设 in the district.
            "social_organization:create",
            "social_organization:update",
            "social_worker:create",
            "social_worker:update",
            # 三（四）: as for the street office, a switch bounded in time and audited.
            "emergency:read",
            "emergency:create@street,community",
            "emergency:update@street,community",
            # 四（二）: 督促检查、绩效评估 — it reads and reviews the lists and consultation records of its
            # streets and communities and runs their checks; 三（三）: 扎实开展志愿服务记录与证明抽查工作 —
            # the spot check (chongqing_volunteer_record_spot_check), filed at the district; and the spot
            # checks of the volunteer-hours ledger and its certificates themselves (openSpotCheck).
            "service_record:inspect@district,street",
            "form:read",
            "form:submit@district",
            "form:review",
            "rule:run",
            # 四（二）: 督促检查 — it follows its communities' consultations (chongqing_consultation).
            "case:read@district,street,community",
            # 三（六）: 促进供需对接 — the district enters its resources and projects and runs the matching
            # of its streets' and communities' demands (四（二）: 资源整合).
            "service_resource:create",
            "service_project:create@district,street,community",
            "demand:match@district,street,community",
            *DISTRICT_MAINTAINS,
        ),
        source=f"{DOCUMENT} 二、三（三）、三（四）、四（二）",
    ),
    RoleDecl(
        code="street_office",
        label="乡镇（街道）",
        tier=Tier.STREET,
        permissions=(
            *READ,
            # 四（二）: buys social-work services and runs the social work station.
            "social_worker:create@street,community",
            "social_worker:update@street,community",
            # 四（二）: cultivates community social organizations (社区社会组织培育).
            "social_organization:create@street,community",
            "social_organization:update@street,community",
            # 四（二）: integrates charity resources (公益慈善资源整合).
            "donation:create@street,community",
            # 四（二）: 发挥社会工作站作用，开展“五社联动”项目策划、服务管理监督……指导村（社区）开展服务 — the
            # street (its social work station) records the services and activities held at the street and
            # in its communities; 三（五）: 推广社会工作者和志愿者协作服务机制 — and the hours of the
            # volunteers who serve with its social workers, at their community.
            "activity:create@street,community",
            "activity:update@street,community",
            "service_record:create@community",
            # 三（三）: 深化志愿服务“时间银行”、积分兑换实践探索 — deposits from the hours recorded, withdrawals and exchanges.
            "time_bank:deposit@community",
            "time_bank:withdraw@community",
            "points:earn@community",
            "points:award@community",
            "points:exchange@community",
            # 三（四）: the street leads the communities of its area; the document names no body that
            # declares an emergency, so the platform gives the switch to the street, bounded in time
            # and audited (the district bureau may do the same through its own role).
            "emergency:read",
            "emergency:create@street,community",
            "emergency:update@street,community",
            # 四（二）: 主导开展议事协商 (chongqing_consultation_record), 开展“五社联动”项目策划
            # (chongqing_project_list), 公益慈善资源整合 (chongqing_resource_list); 三（六）: 开展城乡社区
            # 居民需求调研 (chongqing_demand_list) — at the street and its communities.
            "form:read",
            "form:submit@street,community",
            # 四（二）: 服务管理监督……指导村（社区）开展服务 — it reviews its communities' lists and records.
            "form:review",
            # 四（二）: 主导开展议事协商 — it convenes its communities' consultations (chongqing_consultation:
            # invites the participants, deliberates, classifies and assigns) and resolves what it is assigned.
            "case:read@street,community",
            "chongqing_consultation:convene@community",
            "chongqing_consultation:resolve@community",
            # 三（六）: the three lists and 供需对接 at the street and its communities (四（二）: 项目策划,
            # 公益慈善资源整合).
            "service_resource:create@street,community",
            "service_project:create@street,community",
            "demand:match@street,community",
            *STREET_MAINTAINS,
        ),
        source=f"{DOCUMENT} 三（四）、三（五）、三（六）、四（二）",
    ),
    RoleDecl(
        code="community",
        label="村（社区）",
        tier=Tier.COMMUNITY,
        # 四（二）: delivers the projects to residents. Not community_profile:update: the profile
        # carries the demonstration status, which the bureaus confer. Not region:update: 四（二） gives the
        # village/community 项目落地落实, not its figures, and its resident population is the denominator of
        # the 22% it is judged on (二); its street keeps them (四（二）: 指导村（社区）开展服务).
        permissions=(
            *READ,
            "volunteer:create@community",
            "volunteer:update@community",
            "volunteer_team:create@community",
            "volunteer_team:update@community",
            # 四（二）: 村（社区）要推进“五社联动”项目落地落实，满足居民需求 — it records the services and
            # activities held in the community; 三（三）: 深化志愿服务“时间银行”、积分兑换实践探索 — and its
            # volunteers' hours (志愿服务记录), which the time bank and the spot checks rest on.
            "activity:create@community",
            "activity:update@community",
            "service_record:create@community",
            # 三（三）: 深化志愿服务“时间银行”、积分兑换实践探索 — deposits from the hours recorded, withdrawals and exchanges.
            "time_bank:deposit@community",
            "time_bank:withdraw@community",
            "points:earn@community",
            "points:award@community",
            "points:exchange@community",
            # 三（六）: 开展城乡社区居民需求调研……建立基层社会服务需求清单、资源清单、项目清单
            # (chongqing_demand_list, chongqing_resource_list, chongqing_project_list); 三（四）、三（六）:
            # 城乡社区协商 (chongqing_consultation_record); 四（二）: 村（社区）要推进“五社联动”项目落地落实.
            # At the community only.
            "form:read",
            "form:submit@community",
            # 三（六）: 将城乡居民问题诉求通过议事协商的方式进行分类分责处理 — the community brings residents'
            # problems in, holds its own consultations and feeds the result back (chongqing_consultation).
            "case:read@community",
            "chongqing_consultation:raise@community",
            "chongqing_consultation:convene@community",
            "chongqing_consultation:resolve@community",
            # 三（六）: 开展城乡社区居民需求调研 — the community enters its residents' demands, follows each to
            # its resolution (matched, in service, the resident's feedback) and lists its own resources and
            # projects; 四（二）: 满足居民需求.
            "demand:create@community",
            "demand:update@community",
            "demand:match@community",
            "service_resource:create@community",
            "service_project:create@community",
        ),
        source=f"{DOCUMENT} 三（三）、三（四）、三（六）、四（二）",
    ),
    RoleDecl(
        code="two_committees",
        label="村（社区）“两委”",
        tier=Tier.COMMUNITY,
        # 三（三）: mobilizes the community's resources and volunteers in ordinary times. Not region:update,
        # as for the community: the opinion gives the "two committees" the community's resources, not its figures.
        permissions=(
            *READ,
            "volunteer:create@community",
            "volunteer_team:create@community",
            # 三（四）: 社会工作者协助村（社区）“两委”……面向居民开展项目化的社区服务与活动; 三（三）: 支持引导
            # 社会工作者、社区志愿者、社区社会组织因地制宜开展特色服务 — it records those activities and
            # the hours of the volunteers it mobilizes, at the community.
            "activity:create@community",
            "activity:update@community",
            "service_record:create@community",
            # 三（三）: 深化志愿服务“时间银行”、积分兑换实践探索 — deposits from the hours recorded, withdrawals and exchanges.
            "time_bank:deposit@community",
            "time_bank:withdraw@community",
            "points:earn@community",
            "points:award@community",
            "points:exchange@community",
            "emergency:read",
            # 三（三）: 全面盘活辖区资源 (chongqing_resource_list); 三（四）: 社会工作者协助村（社区）“两委”……
            # 面向居民开展项目化的社区服务与活动 (chongqing_project_list) — at the community.
            "form:read",
            "form:submit@community",
            # 三（一）: 涉及居民群众切身利益的重大问题和重要事项要由村（社区）党组织研究讨论后按程序决定 —
            # the community's projects and consultations go through it.
            "form:review",
            # 三（六）: the "two committees" run the community's consultations as the community does.
            "case:read@community",
            "chongqing_consultation:raise@community",
            "chongqing_consultation:convene@community",
            "chongqing_consultation:resolve@community",
        ),
        # 三（四）: 在应急状态下，由村（社区）“两委”统筹调配辖区各类资源和力量. The core grants
        # reading and dispatching everything in the area while emergency mode is on; no standing
        # dispatch permission here. The street office and district bureau switch emergency mode.
        emergency_powers=True,
        source=f"{DOCUMENT} 三（一）、三（三）、三（四）",
    ),
]
