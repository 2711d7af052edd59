"""The indicators targets are measured by: key → unit and definition.

Targets name an indicator by key; a target naming an unknown indicator fails at start-up. The
computation of each from live data belongs to the indicators module of the core (and plugins may
add indicators of their own); this list is the shared vocabulary.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    key: str
    unit: str
    definition: str


_ALL = [
    Indicator("registered_volunteers", "people", "real-name registered volunteers living in the area"),
    Indicator("volunteer_share", "ratio", "registered volunteers / resident population"),
    Indicator("active_volunteer_share", "ratio", "share of registered volunteers with service hours recorded in the year"),
    Indicator("volunteer_teams", "teams", "volunteer teams (志愿服务队) serving the area"),
    Indicator("volunteer_station_coverage", "ratio", "share of communities (or community service facilities) with a volunteer station"),
    Indicator("community_workers_per_10k_urban", "per 10,000", "community workers per 10,000 urban residents"),
    Indicator("certified_community_worker_share", "ratio", "share of community workers holding a national social work certificate"),
    Indicator("community_social_organizations", "organizations", "community social organizations (社区社会组织) in the area"),
    Indicator("community_social_organizations_per_community", "organizations", "community social organizations per community (average)"),
    Indicator("charity_social_organizations", "organizations", "registered or filed community charity social organizations (社区公益慈善类)"),
    Indicator("communities_with_charity_organization_share", "ratio", "share of communities with at least one charity social organization"),
    Indicator("charity_organizations", "organizations", "charity organizations (慈善组织)"),
    Indicator("charity_organizations_growth", "× baseline", "charity organizations now / at the baseline year's end"),
    Indicator("hub_organization_coverage", "ratio", "share of urban communities with a hub organization (枢纽型社会组织)"),
    Indicator("social_organization_full_time_staff", "people", "full-time staff of social organizations"),
    Indicator("social_work_coverage", "ratio", "share of communities where social work services are delivered"),
    Indicator("social_work_station_coverage", "ratio", "share of streets/townships with a social work station (and communities with a room)"),
    Indicator("station_full_time_social_workers", "people", "full-time social workers at the street social work station"),
    Indicator("social_work_professionals", "people", "social work professionals (社会工作专业人才)"),
    Indicator("certified_social_work_professionals", "people", "social work professionals holding a national certificate"),
    Indicator("certified_community_workers", "people", "community workers holding a national certificate"),
    Indicator("community_funds", "funds", "community funds (社区基金)"),
    Indicator("fund_raised_per_year", "fen", "money raised by the area's community funds in the year, in-kind at converted value"),
    Indicator("sessions", "sessions", "service activities held (场次) in the year"),
    Indicator("person_times", "person-times", "people served (人次) in the year"),
    Indicator("demonstration_sites", "sites", "communities that are demonstration sites (示范点)"),
    Indicator("demonstration_site_share", "ratio", "share of communities that are demonstration sites"),
    Indicator("new_demonstration_sites_per_year", "sites", "demonstration sites added in the year"),
    Indicator("creation_point_streets", "streets", "streets/towns designated creation points (创建点)"),
    Indicator("creation_point_communities", "communities", "communities designated creation points"),
    Indicator("creation_tasks_done_share", "ratio", "share of creation tasks completed"),
    Indicator("covered_communities", "communities", "communities a project covers"),
    Indicator("mechanism_coverage", "ratio", "share of communities where the five-society mechanism is in use"),
]

INDICATORS: dict[str, Indicator] = {i.key: i for i in _ALL}
