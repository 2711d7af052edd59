"""河北省的角色：冀民〔2021〕79号《关于创新“五社联动”机制 助推基层治理体系和治理能力现代化建设的意见》.

One role for each of the three issuing bodies, held at the province. The opinion gives them
guidance, not casework or inspection of records, so they change no record; the civil affairs
department reviews what is put forward for its award.

Below them, the bodies the opinion addresses as "各地" and "各级" (四（一）: 压实各级责任): the
civil-affairs bureaus of the cities (主送：各市（含定州、辛集市）民政局，雄安新区公共服务局) and of the
counties, which fill in the forms of 四 and build the platforms of 三（二）; the township/street, its
social work station (三（二）、三（四）) and the village/community with its party organization
(三（三）、三（五）), which record the activities, volunteers and hours. The tenant's ``tenant_admin``
(the core's) keeps the settings: they are the tenant's, at its root.
"""

from core import RoleDecl, Tier

DOCUMENT = "冀民〔2021〕79号"
ISSUERS = f"{DOCUMENT} 发文机关"

# Reading the platform and the five elements, without personal data in full: every body of 各地.
READ = (
    "region:read",
    "community_profile:read",
    "social_organization:read",
    "social_worker:read",
    "volunteer:read",
    "volunteer_team:read",
    "community_fund:read",
    "donation:read",
    # 三（三）: the activity series and the time bank; 三（五）: 志愿服务时长记录 — the activities and the
    # volunteer-hours ledger.
    "activity:read",
    "service_record:read",
    # 三（三）: 推进志愿服务“时间银行”实践，探索与公益慈善活动积分互认互通互兑 — the volunteers' time-bank and points accounts.
    "time_bank:read",
    "points:read",
    # 二: the province's targets; 三（二）–（四）: platforms, activity series and services (the catalogues).
    "target:read",
    "indicator:read",
    "catalogue:read",
    # 三（六）: 建立“五社联动”信息收集、反馈、调处机制，搭建……与社区需求相互对接的信息平台 — the demand and
    # project libraries (需求库、项目库) and the resources, shared by every body of 各地 (the resident masked).
    "demand:read",
    "service_resource:read",
    "service_project:read",
)

# 三（二）: 加快培育发展社区基金会、爱心超市、互助帮困协会等公益慈善类社会组织，鼓励符合条件的社会工作服务机构和
# 志愿服务组织登记认定为慈善组织 — the civil-affairs bureaus addressed are the registration bodies
# (登记管理机关): they record the organizations they register and recognise, in their area.
REGISTRATION = (
    "social_organization:create",
    "social_organization:update",
)

# 四（一）: 各地要进一步提高政治站位，把“五社联动”纳入城乡社区治理总体布局，压实各级责任，加大督促指导力度 — each
# level of 各地 keeps the facts of its area (populations and their census year, urban/rural kind, name,
# division code; updateRegion, audited), which 二 is judged on (城市社区枢纽型社会组织实现全覆盖: the urban
# communities), at its own tier and below, and adds the regions below it: the plugin declares the
# province and its cities only (regions.py), so the counties, townships and villages are added by the
# bodies that hold them. Never a parent or a sibling.
CITY_MAINTAINS = ("region:update@city,district,street,community", "region:create@district,street,community")
COUNTY_MAINTAINS = ("region:update@district,street,community", "region:create@street,community")
STREET_MAINTAINS = ("region:update@street,community", "region:create@community")

ROLES = [
    RoleDecl(
        code="civil_affairs_department",
        label="河北省民政厅",
        tier=Tier.PROVINCE,
        # The lead department: all five elements across the province (二 targets, 四 guarantees). Not
        # region:update: the opinion gives it guidance; 四（一） puts the work, and the figures, on 各地.
        permissions=(
            "region:read",
            "community_profile:read",
            "social_organization:read",
            "social_worker:read",
            "volunteer:read",
            "volunteer_team:read",
            "community_fund:read",
            "donation:read",
            "activity:read",
            "service_record:read",
            # 三（三）: the time bank and points, and their recognition across programmes, which 各地 explore.
            "time_bank:read",
            "points:read",
            # 二: the province's targets; 三（二）–（四）: platforms, activity series and services.
            "target:read",
            "indicator:read",
            "catalogue:read",
            # 四（三）: 将“五社联动”优秀项目以及公益慈善资金支持“五社联动”典型事例纳入“河北慈善奖”表彰范围 —
            # as the lead issuing department it reviews the nominations put forward under this clause
            # (hebei_charity_award_nomination), and reads 四（二）'s purchase tables
            # (hebei_assistance_service_purchase). 各地 fill both in.
            "form:read",
            "form:review",
            # Reads the tenant's settings at the root; 三（三） leaves the time bank's cross-recognition
            # to 各地 to explore (探索), not to the department, so changing it stays with tenant_admin.
            "setting:read",
        ),
        source=f"{ISSUERS}；二、四",
    ),
    RoleDecl(
        code="organization_department",
        label="中共河北省委组织部",
        tier=Tier.PROVINCE,
        # 三（一）: party organizations in community social organizations, party members among
        # social workers and volunteers; 三（五）: party cadres lead volunteer teams.
        permissions=(
            "region:read",
            "community_profile:read",
            "social_organization:read",
            "social_worker:read",
            "volunteer_team:read",
            # The opinion's targets and catalogues, which it issues jointly.
            "target:read",
            "indicator:read",
            "catalogue:read",
        ),
        source=f"{ISSUERS}；三（一）、三（五）",
    ),
    RoleDecl(
        code="political_legal_commission",
        label="中共河北省委政法委员会",
        tier=Tier.PROVINCE,
        # 一: 化解社会矛盾; 三（三）: “共创平安”社区治理活动.
        permissions=(
            "region:read",
            "community_profile:read",
            "social_organization:read",
            "volunteer_team:read",
            # 三（三）: “共创平安”社区治理活动 is one of the activity series — it reads the activities held.
            "activity:read",
            # The opinion's targets and catalogues (三（三）“共创平安” is one of the activity series).
            "target:read",
            "indicator:read",
            "catalogue:read",
        ),
        source=f"{ISSUERS}；一、三（三）",
    ),
    RoleDecl(
        code="city_bureau",
        label="市民政局",
        tier=Tier.CITY,
        permissions=(
            *READ,
            *REGISTRATION,
            # 四（三）: 将“五社联动”优秀项目以及公益慈善资金支持“五社联动”典型事例纳入“河北慈善奖”表彰范围; 四（二）:
            # 各地可通过政府购买服务方式……政府购买社会救助服务所需经费……列支比例不高于2% — 各地 fill in the
            # nominations (hebei_charity_award_nomination) and the purchase tables
            # (hebei_assistance_service_purchase), and the 2% check runs on them.
            "form:read",
            "form:submit@city",
            "rule:run",
            # 四（一）: 压实各级责任，加大督促指导力度 — it reviews what its counties put forward before it goes
            # to the province.
            "form:review",
            *CITY_MAINTAINS,
        ),
        source=f"{DOCUMENT} 主送：各市（含定州、辛集市）民政局、雄安新区公共服务局；三（二）、四",
    ),
    RoleDecl(
        code="county_bureau",
        label="县（市、区）民政局",
        tier=Tier.DISTRICT,
        permissions=(
            *READ,
            *REGISTRATION,
            # 四（二）: 积极推进政府购买乡镇（街道）社会工作服务; 三（二）: 加快建设乡镇（街道）社会工作服务站……
            # 村（社区）社会工作室 — it records the social workers it buys for the stations and rooms.
            "social_worker:create@street,community",
            "social_worker:update@street,community",
            # 三（二）: 加快建设……村（社区）社会工作室以及学雷锋志愿服务站、新时代文明实践站、城乡志愿服务站点等社区
            # 服务平台载体 — the community facilities (social work room, volunteer station) it builds,
            # which 二's 80% volunteer-station coverage counts.
            "community_profile:update@community",
            # 三（六）: 综合分析研判基层治理数据信息，整合社会组织、社会工作机构、志愿服务组织、社会慈善资源的服务资源，探索
            # 建立基层社会服务项目库和需求库; 三（四）: 建立购买社区公共服务项目清单 — the county enters resources and
            # projects and matches the demands of its townships and villages (供需对接).
            "service_resource:create@district,street,community",
            "service_project:create@district,street,community",
            "demand:match@district,street,community",
            # 四（二）、四（三）: as the city bureau, at the county: the purchase tables (the social-assistance
            # funds are the county's) and the nominations; the 2% check.
            "form:read",
            "form:submit@district",
            "rule:run",
            *COUNTY_MAINTAINS,
        ),
        source=f"{DOCUMENT} 四（一）各地、各级；三（二）、三（四）、三（六）、四（二）、四（三）",
    ),
    RoleDecl(
        code="street_office",
        label="乡镇（街道）",
        tier=Tier.STREET,
        permissions=(
            *READ,
            # 三（二）: 探索创建慈善社区、慈善街道、慈善乡村; 四（二）: 鼓励通过驻社区单位支持、公益捐赠、建立社区公益
            # 基金等方式，引导社会资金投向“五社联动”领域 — it records the donations its street and communities
            # receive. The opinion gives the street no activities of its own: its station and its
            # communities hold them.
            "donation:create@street,community",
            # 四（一）: 压实各级责任 — the township/street is the level of 各级 below the county: it keeps the facts
            # of itself and its villages/communities and adds a village/community.
            *STREET_MAINTAINS,
        ),
        source=f"{DOCUMENT} 三（二）、四（一）、四（二）",
    ),
    RoleDecl(
        code="social_work_station",
        label="乡镇（街道）社会工作服务站",
        tier=Tier.STREET,
        permissions=(
            *READ,
            # 三（四）: 鼓励社会工作机构积极承接基层社会工作站点的运营管理，孵化培育社区社会组织，链接公益慈善资源，
            # 引领社区志愿者开展服务 — it records the community social organizations it incubates, the
            # charity resources it links (donations) and the services held at the street and in its
            # communities; 三（五）: 推进社工引领志愿者机制，对社区志愿者开展专业培训和服务督导 — and the
            # hours of the volunteers it leads, at their community.
            "social_organization:create@street,community",
            "social_organization:update@street,community",
            "donation:create@street,community",
            "activity:create@street,community",
            "activity:update@street,community",
            "service_record:create@community",
            # 三（三）: 推进志愿服务“时间银行”实践，探索与公益慈善活动积分互认互通互兑 — deposits from the hours recorded, withdrawals and exchanges.
            "time_bank:deposit@community",
            "time_bank:withdraw@community",
            "time_bank:convert@community",
            "points:earn@community",
            "points:award@community",
            "points:exchange@community",
            "points:convert@community",
            # 三（六）: 开展社区居民需求调研，摸清摸实社区居民特别是低保对象、特困人员、空巢老人……的服务需求; 三（四）:
            # 链接公益慈善资源 — the station surveys the needs of its villages' residents, enters the resources it
            # links and the projects that answer them, and matches them (供需对接).
            "demand:create@community",
            "demand:update@community",
            "demand:match@street,community",
            "service_resource:create@street,community",
            "service_project:create@street,community",
        ),
        source=f"{DOCUMENT} 三（二）、三（四）、三（五）、三（六）",
    ),
    RoleDecl(
        code="community",
        label="村（社区）",
        tier=Tier.COMMUNITY,
        permissions=(
            *READ,
            # 三（三）: 城乡社区党组织可以结合社区实际情况，开展“邻里守望”社区服务活动、“共建共治共享”社区协商活动、
            # “共创平安”社区治理活动、“文化铸魂”精神文明创建活动等“五社联动”社区治理系列活动 — the activities.
            "activity:create@community",
            "activity:update@community",
            # 三（五）: 积极培育发展社区志愿服务队伍……依规进行志愿者注册登记和志愿服务时长记录 — the volunteers,
            # their teams and their hours (三（三）: the “时间银行” rests on them).
            "volunteer:create@community",
            "volunteer:update@community",
            "volunteer_team:create@community",
            "volunteer_team:update@community",
            "service_record:create@community",
            # 三（三）: 推进志愿服务“时间银行”实践，探索与公益慈善活动积分互认互通互兑 — deposits from the hours recorded, withdrawals and exchanges.
            "time_bank:deposit@community",
            "time_bank:withdraw@community",
            "time_bank:convert@community",
            "points:earn@community",
            "points:award@community",
            "points:exchange@community",
            "points:convert@community",
            # 三（二）: 慈善社区、慈善乡村; 四（二）: 驻社区单位支持、公益捐赠 — the donations it receives.
            "donation:create@community",
            # 三（六）: 开展社区居民需求调研，摸清摸实社区居民……需求 — the village/community enters its residents'
            # needs and follows each to the resident's feedback, offers its own resources (its volunteer teams,
            # 三（五）) and matches its demands.
            "demand:create@community",
            "demand:update@community",
            "demand:match@community",
            "service_resource:create@community",
        ),
        source=f"{DOCUMENT} 三（二）、三（三）、三（五）、三（六）、四（二）",
    ),
]
