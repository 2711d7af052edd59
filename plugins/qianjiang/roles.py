"""正阳街道的角色：正阳办事处发〔2022〕95号《创新“五社联动”机制 提升基层治理效能实施方案》.

Only the street's own bodies (四 保障措施): the leading group, the civil-affairs and social-affairs
office, the social security office and the street social work station. The communities and their
"two committees" (社区“两委”, 三（六）, who take over in an emergency) are the ``chongqing``
plugin's ``community`` and ``two_committees``: role codes are unique in the chongqing tenant.
The plan names no leading-group office, so none is declared.
"""

from core import RoleDecl, Tier

DOCUMENT = "正阳办事处发〔2022〕95号"

# Reading the platform and the five elements in the street, without personal data in full.
READ = (
    "region:read",
    "community_profile:read",
    "social_organization:read",
    "social_worker:read",
    "volunteer:read",
    "volunteer_team:read",
    "community_fund:read",
    "donation:read",
    # 三（四）: 深化志愿服务“时间银行”、积分兑换实践探索; 三（三）: 加强志愿者服务管理 — the activities and the
    # volunteer-hours ledger are read by every body of the plan.
    "activity:read",
    "service_record:read",
    # 三（四）: 深化志愿服务“时间银行”、积分兑换实践探索 — the volunteers' time-bank and points accounts.
    "time_bank:read",
    "points:read",
    # 三（三）: 需求清单、资源清单、项目清单 — the lists as records (a demand's resident only masked).
    "demand:read",
    "service_resource:read",
    "service_project:read",
    # 二: the street's targets (per-community volunteers, coverage …); 三（四）、三（五）: 六送六进 and the
    # 五童 actions (the catalogues) — read by every body of the plan.
    "target:read",
    "indicator:read",
    "catalogue:read",
)

# 四（二）: 统筹规划、资源整合、协调指导、督促检查、绩效评估、经验推广和人才队伍建设 —
# the two offices share the duty, so they share the permissions. They plan and check; the
# activities and hours are recorded by the station and the communities (below, and the chongqing
# plugin's ``community`` and ``two_committees``), so the offices read them and record none.
OFFICE = (
    *READ,
    # 二、三（二）: demonstration sites and community facilities (社工室、志愿服务站) are planned here.
    "community_profile:update@community",
    "social_organization:create@street,community",
    "social_organization:update@street,community",
    "social_worker:create@street,community",
    "social_worker:update@street,community",
    # 四（二）: 督促检查、绩效评估; 三（三）: 实行社会工作服务项目网上申报、网上审批、网上管理 — they read and
    # review the street's lists and records (chongqing_* lists, consultation records).
    "form:read",
    "form:review",
    # 四（二）: 人才队伍建设; 三（三）: 为获得资格证的人才发放一次性职业津贴 — they check who is eligible
    # (qianjiang_exam_allowance_eligibility); 四（二） 督促检查 — and the checks on the lists and records.
    "rule:run",
    # 四（二）: 督促检查 — under the city's 三（三） (扎实开展志愿服务记录与证明抽查工作), the spot checks of the
    # street's entries of hours and certificates of service (openSpotCheck).
    "service_record:inspect@street",
    # 三（六）: 将城乡居民问题诉求通过议事协商的方式进行分类分责处理 — 督促检查 the communities'
    # consultations (the chongqing plugin's chongqing_consultation).
    "case:read@street,community",
    # 二: 实名认证注册志愿者按七人普的常住人口比例达到22%，朝阳社区1178人……全街道共7195人 — the street's plan
    # states each community's figure from its seventh-census resident population; 四（二）: 统筹规划……督促
    # 检查、绩效评估 — the two offices keep those facts of the street and its communities (populations and
    # their year, urban/rural kind; updateRegion, audited) and add a community the tree lacks. Not the
    # district's, nor another street's.
    "region:update@street,community",
    "region:create@community",
)

ROLES = [
    RoleDecl(
        code="leading_group",
        label="创新“五社联动”机制工作领导小组",
        # 四（一）: street leaders and every community secretary; leads, changes no record.
        tier=Tier.STREET,
        permissions=READ,
        source=f"{DOCUMENT} 四（一）",
    ),
    RoleDecl(
        code="civil_affairs_office",
        label="街道民政和社会事务办",
        tier=Tier.STREET,
        permissions=OFFICE,
        source=f"{DOCUMENT} 二、三（三）、四（二）",
    ),
    RoleDecl(
        code="social_security_office",
        label="社保所",
        tier=Tier.STREET,
        permissions=OFFICE,
        source=f"{DOCUMENT} 二、三（三）、四（二）",
    ),
    RoleDecl(
        code="social_work_station",
        label="街道社会工作站",
        tier=Tier.STREET,
        permissions=(
            *READ,
            # 四（二）: 社区社会组织培育、公益慈善资源整合.
            "social_organization:create@street,community",
            "social_organization:update@street,community",
            "donation:create@street,community",
            # 三（三）: 支持承接运营街道社会工作站的社会组织……为辖区群众提供生活照料、文化娱乐、心理疏导、情绪支持、
            # 资源链接等服务; 三（四）: 送爱进门、送悦进寨 (依托……专业社工、志愿者……开展社区、小组活动); 三（五）:
            # 依托社区、社会组织、志愿者等开展小组、个案、主题活动 — it records the services and activities
            # held at the street and in its communities; 三（七）: 推广社会工作者和志愿者协作服务机制, 三（四）:
            # 深化志愿服务“时间银行” — and the hours of the volunteers serving with it, at their community.
            "activity:create@street,community",
            "activity:update@street,community",
            "service_record:create@community",
            # 三（四）: 深化志愿服务“时间银行”、积分兑换实践探索 — deposits from the hours recorded, withdrawals and exchanges.
            "time_bank:deposit@community",
            "time_bank:withdraw@community",
            "points:earn@community",
            "points:award@community",
            "points:exchange@community",
            # Case-level duties over individuals: 三（四） 送需进家 — needs assessment of each
            # elderly person (依托社工站); 三（五） 童心/童伴 — casework by professional social
            # workers and individual files (个人档案) of children in difficulty.
            "personal_data:read_full@community",
            # 三（三）: 支持社会组织和社工站开展城乡社区居民需求调研，针对性建立基层社会服务需求清单、资源清单、
            # 项目清单 (chongqing_demand_list, chongqing_resource_list, chongqing_project_list, at the
            # street and its communities); 三（五）: 建立个人档案 (qianjiang_child_file, at the community —
            # a personal-data form, which the read_full above lets it submit).
            "form:read",
            "form:submit@street,community",
            # ... and keeps the lists as records: the residents' demands it surveyed, the resources and
            # projects that answer them, their matching through to the resident's feedback (core/services/lists.py).
            "demand:create@street,community",
            "demand:update@street,community",
            "demand:match@street,community",
            "service_resource:create@street,community",
            "service_project:create@street,community",
            # 四（二）: 服务管理监督 — it reviews the communities' project lists and records.
            "form:review",
            # 三（六）: its social workers take part in the communities' consultations and it may be assigned
            # a resident's problem (chongqing_consultation, as a party or by this permission).
            "case:read@street,community",
            "chongqing_consultation:resolve@community",
        ),
        source=f"{DOCUMENT} 三（三）、三（四）、三（五）、三（七）、四（二）",
    ),
]
