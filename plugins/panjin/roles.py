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
)

# 三（二）3: volunteer activities are not purchased; the contractor runs them itself in the
# listed communities (三（四）), so it registers and calls volunteers and teams there only.
VOLUNTEER_WORK = (
    "volunteer:create@community",
    "volunteer:dispatch@community",
    "volunteer_team:create@community",
    "volunteer_team:update@community",
    "volunteer_team:dispatch@community",
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
            # contracts out, since the core lets nobody grant what they do not hold.
            *VOLUNTEER_WORK,
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
        ),
        source=f"{DOCUMENT} 三（五）1、三（七）、三（十）",
    ),
    RoleDecl(
        code="contractor",
        label="承办单位",
        # 三（五）: a contractor takes one project in one county/district a year.
        tier=Tier.DISTRICT,
        # Reads without creating regions. No personal_data:read_full: the plan gives it projects
        # counted in sessions and person-times and project archives, not files on individuals.
        permissions=(*READ, *VOLUNTEER_WORK),
        source=f"{DOCUMENT} 三（二）3、三（五）2",
    ),
    RoleDecl(
        code="expert",
        label="评审专家",
        # 三（七）、三（九）: drawn 5 or 7 at a time from the city bureau's pool; they review
        # applications and evaluate performance (funds included), and change nothing.
        tier=Tier.CITY,
        permissions=(
            "region:read",
            "community_profile:read",
            "social_organization:read",
            "social_worker:read",
            "volunteer_team:read",
            "community_fund:read",
            "donation:read",
        ),
        source=f"{DOCUMENT} 三（七）、三（九）",
    ),
    RoleDecl(
        code="county_bureau",
        label="县区民政局",
        # Addressee of the plan; 三（七）: each county/district's budget fixes its projects.
        tier=Tier.DISTRICT,
        permissions=READ,
        source=f"{DOCUMENT} 主送：各县区民政局；三（七）",
    ),
    RoleDecl(
        code="social_work_station",
        label="乡镇（街道）社工站",
        # 二（二）: the station's social workers assist the contractor with the project.
        tier=Tier.STREET,
        permissions=READ,
        source=f"{DOCUMENT} 二（二）",
    ),
]
