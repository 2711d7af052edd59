"""盘锦市的角色：盘民发〔2023〕24号《2023年盘锦市民政局“五社联动”工作实施方案》.

The plan is a city-run purchase of services: the city bureau is the organizer (主办单位), social
organizations win projects as contractors (承办单位), experts drawn from the bureau's pool review
and evaluate them, the county/district bureaus receive the plan, and the street social work
stations assist the contractors. ``tenant_admin`` is the core's, not declared here.
"""

from core import RoleDecl, Tier

DOCUMENT = "盘民发〔2023〕24号"

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
    # 三（四）: 每个社区（村）全年开展活动不少于48场次，服务不少于1000人次 — the activities and the
    # volunteer-hours ledger behind those numbers are read by everyone who takes part in the programme.
    "activity:read",
    "service_record:read",
    # 三（二）–（四）: what the programme serves and its numbers are read by everyone who takes part in it.
    "target:read",
    "indicator:read",
    "catalogue:read",
    # 一（二）2: 坚持以人为本、需求导向……全面了解居民多样化服务需求 — the residents' needs (masked), the
    # resources and the projects answering them.
    "demand:read",
    "service_resource:read",
    "service_project:read",
)

# 三（二）3: volunteer activities are not purchased; the contractor runs them itself in the
# listed communities (三（四）), so it registers and calls volunteers and teams there only.
VOLUNTEER_WORK = (
    "volunteer:create@community",
    "volunteer:dispatch@community",
    "volunteer_team:create@community",
    "volunteer_team:update@community",
    "volunteer_team:dispatch@community",
    # 三（四）: 志愿服务类活动……由承接机构根据社区需求自行开展 — and records its volunteers' hours
    # (志愿服务记录), at the volunteer's community.
    "service_record:create@community",
)

# 三（四）: 服务范围以《五社联动项目开展社区（村）名单》为准，每个社区（村）全年开展活动不少于48场次，服务不少于
# 1000人次；志愿服务类活动……由承接机构根据社区需求自行开展 — the contractor holds and records the
# activities (场次, 人次) in the listed communities. The monthly report (三（八）4, cases.py) records a
# month's purchased sessions by itself: what is recorded here directly is what the report does not
# carry (the volunteer activities), or a session would count twice.
ACTIVITIES = (
    "activity:create@community",
    "activity:update@community",
)

# 一（二）2: 坚持以人为本、需求导向。准确把握社区居民构成和基本特点，全面了解居民多样化服务需求; 三（四）: 志愿服务类活动
# ……由承接机构根据社区需求自行开展 — the contractor enters the needs of the listed communities it serves,
# offers its volunteers and teams as resources there and matches them; 三（六）1: 《“五社联动”项目申报书》，
# 详细说明项目的策划设计 — its project, at its county/district, citing the needs it answers.
LISTS = (
    "demand:create@community",
    "demand:update@community",
    "demand:match@community",
    "service_resource:create@community",
    "service_project:create@district",
)

ROLES = [
    RoleDecl(
        code="organizer",
        label="盘锦市民政局（主办单位）",
        tier=Tier.CITY,
        permissions=(
            *READ,
            # 三（六）1: collects the applicants' materials; 三（七）: checks their qualification
            # and verifies them on site — it keeps the applicants' records.
            "social_organization:create",
            "social_organization:update",
            # 三（五）1: leads the whole plan, volunteer service included; it holds what it
            # contracts out (the activities and hours the contractor records), since
            # the core lets nobody grant what they do not hold.
            *VOLUNTEER_WORK,
            *ACTIVITIES,
            *LISTS,
            # 三（七）: builds the expert pool; 三（五）1: selects and contracts the contractors.
            "user:read",
            "user:create",
            "user:update",
            "role:read",
            "assignment:read",
            "assignment:create",
            "assignment:delete",
            # 三（十）: inspects the contractors from time to time (不定期检查督促).
            "audit:read",
            # 三（七）: 市民政局负责建立项目评审专家库 — the expert pool entries (panjin_expert_pool_entry).
            # Also held at the county/district tier because the core lets nobody grant what they do
            # not hold: the contractors' applications and monthly reports, the experts' score sheets
            # and performance evaluations are submitted there.
            "form:read",
            "form:submit@city,district",
            # 三（七）: 主办单位应当按规定受理社会组织项目申报，组织评审小组对社会组织主体资格、申报材料进行审查
            # …… 主办单位负责对承办单位提交的评审报告及核查报告进行确认; 三（八）4: the monthly reports
            # are sent to it (向主办单位报送) — every panjin form.
            "form:review",
            # 三（七）: 对社会组织主体资格……进行审查; 对申报项目的社会组织进行实地核查 — the contractor
            # conditions of 三（五）2 (panjin_contractor_*, panjin_application_*).
            "rule:run",
            # The settings are the organizer's own terms as purchaser, which it decides: 三（五）1
            # 主办单位应当与承办单位签订委托代理协议，明确双方的权利、义务和责任; 三（八）2 经主办单位会同
            # 财政部门审核后，按支付程序拨付 (the tranches); 三（十） 三年内不予购买服务 (debarment); and
            # how its one-project limit of 三（五）2 is counted.
            "setting:read",
            "setting:update",
            # The procedure as cases (cases.py): it reads every round and project (an office), opens
            # and runs the rounds (三（六）征集公告, 三（七）评审), takes the steps on the projects
            # (qualification, recusal, on-site verification, contract, evaluation panel, sanctions
            # of 三（十）) and pays the tranches (三（八）2 经主办单位会同财政部门审核后……拨付).
            "case:read",
            "panjin_round:manage",
            "panjin_application:manage",
            "panjin_application:pay",
            # Held, not used: the core lets nobody grant what they do not hold, and the organizer
            # appoints the contractors. Applying also needs acting for an organization (cases.py).
            "panjin_application:apply@district",
            # 三（五）1: 市民政局作为主办单位，牵头组织实施; 三（四）: 服务范围以《五社联动项目开展社区（村）名单》为准
            # — the tree is its attachment's list (regions.py): it keeps the facts of the city's regions
            # (populations and their year, urban/rural kind; updateRegion, audited) and alone adds to the list,
            # since every community added is one that 三（四）'s 48 场次 and 1000 人次 are then counted at.
            "region:update@city,district,street,community",
            "region:create@district,street,community",
        ),
        source=f"{DOCUMENT} 三（四）、三（五）1、三（七）、三（八）、三（十）",
    ),
    RoleDecl(
        code="contractor",
        label="承办单位",
        # 三（五）: a contractor takes one project in one county/district a year.
        tier=Tier.DISTRICT,
        # Reads without creating regions. No personal_data:read_full: the plan gives it projects
        # counted in sessions and person-times and project archives, not files on individuals.
        permissions=(
            *READ,
            *VOLUNTEER_WORK,
            *ACTIVITIES,
            *LISTS,
            # 三（六）1: 申报承办单位的社会组织应向主办单位提交……《“五社联动”项目申报书》
            # (panjin_project_application); 三（八）4: 承办单位每月度以书面方式，向主办单位报送项目实施进度、
            # 资金监管等情况 (panjin_monthly_progress_report). Both at its county/district. No review:
            # its own project is what the experts review.
            "form:submit@district",
            # It applies to a round (cases.py) at the county/district of its project, for the
            # organization it is a member of. It reads its own applications as their applicant party:
            # no case:read and no form:read, which would show it its competitors' applications.
            "panjin_application:apply@district",
        ),
        source=f"{DOCUMENT} 一（二）2、三（二）3、三（四）、三（五）2、三（六）1、三（八）4",
    ),
    RoleDecl(
        code="expert",
        label="评审专家",
        # 三（七）、三（九）: drawn 5 or 7 at a time from the city bureau's pool; they review
        # applications and evaluate performance (funds included): they fill in score sheets and
        # evaluations, and change no record of the five elements.
        tier=Tier.CITY,
        permissions=(
            "region:read",
            "community_profile:read",
            "social_organization:read",
            "social_worker:read",
            "volunteer_team:read",
            "community_fund:read",
            "donation:read",
            # 三（九）2: 评估项目绩效。进行实地评估 — the activities held (场次, 人次) are what it evaluates.
            "activity:read",
            # They score against the plan's services and numbers.
            "target:read",
            "indicator:read",
            "catalogue:read",
            # 三（七）: 由评审小组按照《项目评分标准》评分标准进行量化评分排序 (panjin_project_scoring);
            # 三（九）: 从项目评审专家库中抽取5或7名专家组成评估小组 (panjin_performance_evaluation) —
            # both submitted at the county/district of the project.
            "form:submit@district",
            # 三（七）: the panel's qualification check (主体资格) — the contractor conditions of 三（五）2.
            "rule:run",
            # No form:read nor form:review: an expert reads the applications of the panels it was
            # drawn for, as their reviewer or evaluator party (cases.py), and no other expert's score
            # sheet before the panel closes; a tier-wide form:read would show every application and
            # every sheet.
        ),
        source=f"{DOCUMENT} 三（七）、三（九）",
    ),
    RoleDecl(
        code="county_bureau",
        label="县区民政局",
        # Addressee of the plan; 三（七）: each county/district's budget fixes its projects.
        tier=Tier.DISTRICT,
        # 三（七）: 每个县区根据得分高低，在项目资金预算范围内确定拟购买的项目 — it reads the applications
        # and score sheets of its county/district (panjin_project_application, panjin_project_scoring).
        # 主送：各县区民政局 (请结合工作实际，认真组织实施) — it keeps the facts of its county/district and of the
        # listed streets and communities in it (updateRegion, audited). Not region:create: which communities
        # the projects serve is the organizer's list (三（四）).
        permissions=(*READ, "form:read", "case:read@district", "region:update@district,street,community"),
        source=f"{DOCUMENT} 主送：各县区民政局；三（七）",
    ),
    RoleDecl(
        code="social_work_station",
        label="乡镇（街道）社工站",
        # 二（二）: the station's social workers assist the contractor with the project.
        tier=Tier.STREET,
        # 二（二）: 机构社工与驻站社工形成“朋辈督导”模式，按照《实施方案》共同完成项目运作，驻站社工发挥其
        # 熟悉基本情况的优势，辅助承办机构更好的完成项目 — it assists; the project's sessions are the
        # contractor's to record and report (三（八）4), and volunteer service is the contractor's own
        # (三（四）), so it records nothing itself: a second record of the same session would count twice.
        permissions=READ,
        source=f"{DOCUMENT} 二（二）",
    ),
]
