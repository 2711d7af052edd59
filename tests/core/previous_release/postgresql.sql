--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: audit_event_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$;


--
-- Name: case_event_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.case_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'case_event is append-only'; END $$;


--
-- Name: ledger_entry_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ledger_entry_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'ledger_entry is append-only'; END $$;


--
-- Name: target_verdict_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.target_verdict_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'target_verdict is append-only'; END $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: activity; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.activity (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    title character varying NOT NULL,
    held_on date NOT NULL,
    category character varying,
    organization_id integer,
    person_times integer NOT NULL,
    sessions integer NOT NULL,
    case_id integer,
    CONSTRAINT ck_activity_sessions_positive CHECK ((sessions >= 1))
);


--
-- Name: activity_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.activity_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: activity_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.activity_id_seq OWNED BY public.activity.id;


--
-- Name: app_user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.app_user (
    id integer NOT NULL,
    username character varying(64) NOT NULL,
    display_name character varying(100) NOT NULL,
    tenant_id integer,
    kind character varying(32) NOT NULL,
    is_platform_admin boolean NOT NULL,
    is_active boolean NOT NULL,
    password_hash character varying(255),
    tokens_valid_after timestamp with time zone,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: app_user_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.app_user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: app_user_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.app_user_id_seq OWNED BY public.app_user.id;


--
-- Name: audit_event; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_event (
    id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    tenant_id integer,
    actor character varying(64) NOT NULL,
    action character varying(64) NOT NULL,
    target character varying(300) NOT NULL,
    before json,
    after json
);


--
-- Name: audit_event_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_event_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_event_id_seq OWNED BY public.audit_event.id;


--
-- Name: calendar_day; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.calendar_day (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    day date NOT NULL,
    working boolean NOT NULL,
    label character varying(100) NOT NULL
);


--
-- Name: calendar_day_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.calendar_day_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: calendar_day_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.calendar_day_id_seq OWNED BY public.calendar_day.id;


--
-- Name: case_event; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_event (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    case_id integer NOT NULL,
    version integer NOT NULL,
    action character varying(64) NOT NULL,
    from_state character varying(64),
    to_state character varying(64) NOT NULL,
    actor character varying(64) NOT NULL,
    actor_user_id integer,
    acting_for integer,
    submission_id integer,
    data json NOT NULL,
    visible_to json,
    request_key character varying(100),
    at timestamp with time zone NOT NULL
);


--
-- Name: case_event_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.case_event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: case_event_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.case_event_id_seq OWNED BY public.case_event.id;


--
-- Name: case_party; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_party (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    case_id integer NOT NULL,
    part character varying(64) NOT NULL,
    user_id integer,
    organization_id integer,
    active boolean NOT NULL,
    added_at timestamp with time zone NOT NULL,
    CONSTRAINT ck_case_party_one_of CHECK (((user_id IS NULL) <> (organization_id IS NULL)))
);


--
-- Name: case_party_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.case_party_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: case_party_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.case_party_id_seq OWNED BY public.case_party.id;


--
-- Name: case_record; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_record (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    case_type character varying(64) NOT NULL,
    plugin character varying(64) NOT NULL,
    state character varying(64) NOT NULL,
    version integer NOT NULL,
    title character varying(200) NOT NULL,
    data json NOT NULL,
    parent_id integer,
    due_on date,
    terminal boolean NOT NULL,
    opened_by character varying(64) NOT NULL,
    closed_at timestamp with time zone,
    retain_until date
);


--
-- Name: case_record_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.case_record_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: case_record_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.case_record_id_seq OWNED BY public.case_record.id;


--
-- Name: community_fund; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.community_fund (
    valid_from date DEFAULT CURRENT_DATE NOT NULL,
    valid_to date,
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    name character varying NOT NULL,
    host_organization_id integer NOT NULL,
    established_on date
);


--
-- Name: community_fund_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.community_fund_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: community_fund_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.community_fund_id_seq OWNED BY public.community_fund.id;


--
-- Name: community_profile; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.community_profile (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    has_social_work_room boolean NOT NULL,
    has_volunteer_station boolean NOT NULL,
    has_party_service_center boolean NOT NULL,
    has_elderly_station boolean NOT NULL,
    demonstration character varying(32) NOT NULL,
    demonstration_since date,
    volunteer_station_since date,
    social_work_room_since date
);


--
-- Name: community_profile_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.community_profile_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: community_profile_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.community_profile_id_seq OWNED BY public.community_profile.id;


--
-- Name: dispatch; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dispatch (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    resource character varying(64) NOT NULL,
    object_ids json NOT NULL,
    task character varying(500) NOT NULL,
    dispatched_by character varying(64) NOT NULL,
    at timestamp with time zone NOT NULL,
    emergency_id integer
);


--
-- Name: dispatch_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.dispatch_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: dispatch_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.dispatch_id_seq OWNED BY public.dispatch.id;


--
-- Name: donation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.donation (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    fund_id integer,
    donor_name character varying NOT NULL,
    donor_kind character varying(32) NOT NULL,
    form character varying(32) NOT NULL,
    amount_fen bigint NOT NULL,
    in_kind_description character varying(500),
    in_kind_value_fen bigint,
    donated_on date NOT NULL
);


--
-- Name: donation_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.donation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: donation_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.donation_id_seq OWNED BY public.donation.id;


--
-- Name: emergency; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.emergency (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    reason character varying(500) NOT NULL,
    started_by character varying(64) NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    ended_by character varying(64)
);


--
-- Name: emergency_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.emergency_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: emergency_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.emergency_id_seq OWNED BY public.emergency.id;


--
-- Name: form_submission; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.form_submission (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    form_key character varying(64) NOT NULL,
    form_version integer NOT NULL,
    plugin character varying(64) NOT NULL,
    data json NOT NULL,
    status character varying(32) NOT NULL,
    submitted_by character varying(64) NOT NULL,
    submitted_at timestamp with time zone,
    case_id integer
);


--
-- Name: form_submission_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.form_submission_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: form_submission_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.form_submission_id_seq OWNED BY public.form_submission.id;


--
-- Name: form_submission_value; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.form_submission_value (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    submission_id integer NOT NULL,
    path character varying(300) NOT NULL,
    kind character varying(16) NOT NULL,
    encrypted text NOT NULL
);


--
-- Name: form_submission_value_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.form_submission_value_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: form_submission_value_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.form_submission_value_id_seq OWNED BY public.form_submission_value.id;


--
-- Name: indicator_baseline; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.indicator_baseline (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    indicator character varying(64) NOT NULL,
    year integer NOT NULL,
    value numeric(24,6) NOT NULL,
    source character varying(200) NOT NULL,
    set_by character varying(64) NOT NULL,
    set_at timestamp with time zone NOT NULL
);


--
-- Name: indicator_baseline_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.indicator_baseline_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: indicator_baseline_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.indicator_baseline_id_seq OWNED BY public.indicator_baseline.id;


--
-- Name: ledger_entry; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ledger_entry (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    case_id integer,
    event_id integer,
    account character varying(100) NOT NULL,
    kind character varying(32) NOT NULL,
    amount_fen bigint NOT NULL,
    entry_key character varying(64),
    request_key character varying(100),
    actor character varying(64) NOT NULL,
    note character varying(500) NOT NULL,
    at timestamp with time zone NOT NULL
);


--
-- Name: ledger_entry_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.ledger_entry_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: ledger_entry_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.ledger_entry_id_seq OWNED BY public.ledger_entry.id;


--
-- Name: notification; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notification (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    user_id integer NOT NULL,
    case_id integer,
    event_id integer,
    title character varying(200) NOT NULL,
    body character varying(2000) NOT NULL,
    read_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: notification_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.notification_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: notification_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.notification_id_seq OWNED BY public.notification.id;


--
-- Name: organization_member; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organization_member (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    user_id integer NOT NULL,
    organization_id integer NOT NULL,
    added_at timestamp with time zone NOT NULL
);


--
-- Name: organization_member_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.organization_member_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: organization_member_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.organization_member_id_seq OWNED BY public.organization_member.id;


--
-- Name: organization_sanction; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organization_sanction (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    organization_id integer NOT NULL,
    kind character varying(32) NOT NULL,
    starts_on date NOT NULL,
    ends_on date,
    reason character varying(500) NOT NULL,
    source character varying(200) NOT NULL,
    case_id integer,
    recorded_by character varying(64) NOT NULL,
    at timestamp with time zone NOT NULL
);


--
-- Name: organization_sanction_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.organization_sanction_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: organization_sanction_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.organization_sanction_id_seq OWNED BY public.organization_sanction.id;


--
-- Name: outbox_message; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outbox_message (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    notification_id integer NOT NULL,
    attempts integer NOT NULL,
    last_error character varying(500),
    delivered_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: outbox_message_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.outbox_message_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: outbox_message_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.outbox_message_id_seq OWNED BY public.outbox_message.id;


--
-- Name: platform_setting; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.platform_setting (
    key character varying(64) NOT NULL,
    value character varying NOT NULL
);


--
-- Name: policy_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.policy_version (
    id integer NOT NULL,
    version integer NOT NULL
);


--
-- Name: region; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.region (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    parent_id integer,
    code character varying(64) NOT NULL,
    name character varying(100) NOT NULL,
    tier character varying(32) NOT NULL,
    kind character varying(32),
    resident_population integer,
    urban_population integer,
    population_year integer,
    path character varying(400) NOT NULL,
    depth integer NOT NULL,
    "position" integer NOT NULL,
    division_code character varying(12),
    attributes json NOT NULL,
    source character varying(200),
    maintained json DEFAULT '[]'::json NOT NULL,
    province_id integer,
    city_id integer,
    district_id integer,
    street_id integer,
    community_id integer,
    CONSTRAINT urban_le_resident CHECK (((urban_population IS NULL) OR (resident_population IS NULL) OR (urban_population <= resident_population)))
);


--
-- Name: region_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.region_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: region_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.region_id_seq OWNED BY public.region.id;


--
-- Name: region_summary; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.region_summary (
    region_id integer NOT NULL,
    tenant_id integer NOT NULL,
    volunteers bigint NOT NULL,
    registered_volunteers bigint NOT NULL,
    volunteer_teams bigint NOT NULL,
    social_workers bigint NOT NULL,
    certified_social_workers bigint NOT NULL,
    community_workers bigint NOT NULL,
    certified_community_workers bigint NOT NULL,
    station_social_workers bigint NOT NULL,
    station_full_time_social_workers bigint NOT NULL,
    social_organizations bigint NOT NULL,
    community_social_organizations bigint NOT NULL,
    charity_social_organizations bigint NOT NULL,
    charity_organizations bigint NOT NULL,
    hub_organizations bigint NOT NULL,
    organization_full_time_staff bigint NOT NULL,
    community_funds bigint NOT NULL,
    volunteer_station bigint NOT NULL,
    social_work_room bigint NOT NULL,
    demonstration_site bigint NOT NULL,
    creation_point bigint NOT NULL
);


--
-- Name: region_year_summary; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.region_year_summary (
    region_id integer NOT NULL,
    year integer NOT NULL,
    tenant_id integer NOT NULL,
    sessions bigint NOT NULL,
    person_times bigint NOT NULL,
    service_records bigint NOT NULL,
    service_minutes bigint NOT NULL,
    active_volunteers bigint NOT NULL,
    fund_raised_fen bigint NOT NULL,
    donations_fen bigint NOT NULL,
    new_demonstration_sites bigint NOT NULL
);


--
-- Name: revoked_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.revoked_token (
    jti character varying(64) NOT NULL,
    user_id integer NOT NULL,
    expires_at timestamp with time zone NOT NULL
);


--
-- Name: role; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.role (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    code character varying(64) NOT NULL,
    label character varying(100) NOT NULL,
    tier character varying(32) NOT NULL,
    origin character varying(64) NOT NULL,
    emergency_powers boolean NOT NULL,
    source character varying(300)
);


--
-- Name: role_assignment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.role_assignment (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    user_id integer NOT NULL,
    role_id integer NOT NULL,
    region_id integer NOT NULL,
    granted_by integer,
    granted_at timestamp with time zone NOT NULL
);


--
-- Name: role_assignment_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.role_assignment_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: role_assignment_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.role_assignment_id_seq OWNED BY public.role_assignment.id;


--
-- Name: role_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.role_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: role_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.role_id_seq OWNED BY public.role.id;


--
-- Name: role_permission; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.role_permission (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    role_code character varying(64) NOT NULL,
    tier character varying(16) NOT NULL,
    resource character varying(64) NOT NULL,
    action character varying(64) NOT NULL
);


--
-- Name: role_permission_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.role_permission_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: role_permission_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.role_permission_id_seq OWNED BY public.role_permission.id;


--
-- Name: service_record; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.service_record (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    volunteer_id integer NOT NULL,
    activity_id integer,
    served_on date NOT NULL,
    minutes integer NOT NULL,
    description character varying(500),
    request_key character varying(64)
);


--
-- Name: service_record_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.service_record_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: service_record_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.service_record_id_seq OWNED BY public.service_record.id;


--
-- Name: sign_in_throttle; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sign_in_throttle (
    kind character varying(32) NOT NULL,
    subject character varying(64) NOT NULL,
    tenant_id integer,
    failures integer NOT NULL,
    window_started_at timestamp with time zone NOT NULL,
    last_failure_at timestamp with time zone NOT NULL,
    locks integer NOT NULL,
    locked_until timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: social_organization; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.social_organization (
    valid_from date DEFAULT CURRENT_DATE NOT NULL,
    valid_to date,
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    name character varying NOT NULL,
    org_type character varying(32) NOT NULL,
    registration character varying(32) NOT NULL,
    credit_code character varying(18),
    grade integer,
    full_time_staff integer NOT NULL,
    has_party_organization boolean NOT NULL,
    public_fundraising boolean NOT NULL,
    charity_focus boolean NOT NULL,
    on_dishonesty_list boolean NOT NULL,
    has_administrative_penalty boolean NOT NULL,
    established_on date
);


--
-- Name: social_organization_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.social_organization_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: social_organization_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.social_organization_id_seq OWNED BY public.social_organization.id;


--
-- Name: social_worker; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.social_worker (
    valid_from date DEFAULT CURRENT_DATE NOT NULL,
    valid_to date,
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    name character varying NOT NULL,
    certificate_level character varying(32) NOT NULL,
    post character varying(32) NOT NULL,
    is_community_worker boolean NOT NULL,
    is_full_time boolean NOT NULL,
    organization_id integer,
    id_number_encrypted text NOT NULL,
    id_number_hash character varying(64) NOT NULL,
    id_number_masked character varying(18) NOT NULL,
    phone_encrypted text,
    phone_masked character varying(20),
    birth_year integer NOT NULL,
    sex character varying(6) NOT NULL
);


--
-- Name: social_worker_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.social_worker_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: social_worker_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.social_worker_id_seq OWNED BY public.social_worker.id;


--
-- Name: stock_snapshot; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stock_snapshot (
    day date NOT NULL,
    region_id integer NOT NULL,
    tenant_id integer NOT NULL,
    stamp bigint NOT NULL,
    present boolean NOT NULL,
    volunteers bigint NOT NULL,
    registered_volunteers bigint NOT NULL,
    volunteer_teams bigint NOT NULL,
    social_workers bigint NOT NULL,
    certified_social_workers bigint NOT NULL,
    community_workers bigint NOT NULL,
    certified_community_workers bigint NOT NULL,
    station_social_workers bigint NOT NULL,
    station_full_time_social_workers bigint NOT NULL,
    social_organizations bigint NOT NULL,
    community_social_organizations bigint NOT NULL,
    charity_social_organizations bigint NOT NULL,
    charity_organizations bigint NOT NULL,
    hub_organizations bigint NOT NULL,
    organization_full_time_staff bigint NOT NULL,
    community_funds bigint NOT NULL,
    volunteer_station bigint NOT NULL,
    social_work_room bigint NOT NULL,
    demonstration_site bigint NOT NULL,
    creation_point bigint NOT NULL
);


--
-- Name: TABLE stock_snapshot; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.stock_snapshot IS 'what region_summary would have held on a past day, kept once computed (core.indicators.snapshots)';


--
-- Name: COLUMN stock_snapshot.stamp; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stock_snapshot.stamp IS 'the region''s summary_stamp it was taken under';


--
-- Name: COLUMN stock_snapshot.present; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stock_snapshot.present IS 'false: nothing counted at the region that day';


--
-- Name: subtree_snapshot; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subtree_snapshot (
    day date NOT NULL,
    region_id integer NOT NULL,
    tenant_id integer NOT NULL,
    stamp bigint NOT NULL,
    communities bigint NOT NULL,
    urban_communities bigint NOT NULL,
    rural_communities bigint NOT NULL,
    streets bigint NOT NULL,
    resident_population bigint NOT NULL,
    urban_population bigint NOT NULL,
    communities_with_volunteer_station bigint NOT NULL,
    communities_with_charity_organization bigint NOT NULL,
    communities_with_social_work bigint NOT NULL,
    urban_communities_with_hub bigint NOT NULL,
    streets_with_station bigint NOT NULL,
    demonstration_sites bigint NOT NULL,
    creation_points bigint NOT NULL,
    communities_with_social_work_room bigint NOT NULL,
    registered_volunteers_with_population bigint NOT NULL,
    communities_without_population bigint NOT NULL,
    community_workers_with_urban_population bigint NOT NULL,
    communities_without_urban_population bigint NOT NULL,
    volunteers bigint NOT NULL,
    registered_volunteers bigint NOT NULL,
    volunteer_teams bigint NOT NULL,
    social_workers bigint NOT NULL,
    certified_social_workers bigint NOT NULL,
    community_workers bigint NOT NULL,
    certified_community_workers bigint NOT NULL,
    station_social_workers bigint NOT NULL,
    station_full_time_social_workers bigint NOT NULL,
    social_organizations bigint NOT NULL,
    community_social_organizations bigint NOT NULL,
    charity_social_organizations bigint NOT NULL,
    charity_organizations bigint NOT NULL,
    hub_organizations bigint NOT NULL,
    organization_full_time_staff bigint NOT NULL,
    community_funds bigint NOT NULL
);


--
-- Name: TABLE subtree_snapshot; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.subtree_snapshot IS 'a region''s stock measures summed over its subtree on a past day, kept once computed (core.indicators.snapshots): what subtree_summary would have held that day';


--
-- Name: COLUMN subtree_snapshot.stamp; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.subtree_snapshot.stamp IS 'the region''s subtree_summary stamp it was taken under';


--
-- Name: subtree_summary; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subtree_summary (
    region_id integer NOT NULL,
    year integer NOT NULL,
    tenant_id integer NOT NULL,
    communities bigint NOT NULL,
    urban_communities bigint NOT NULL,
    rural_communities bigint NOT NULL,
    streets bigint NOT NULL,
    resident_population bigint NOT NULL,
    urban_population bigint NOT NULL,
    communities_with_volunteer_station bigint NOT NULL,
    communities_with_charity_organization bigint NOT NULL,
    communities_with_social_work bigint NOT NULL,
    urban_communities_with_hub bigint NOT NULL,
    streets_with_station bigint NOT NULL,
    demonstration_sites bigint NOT NULL,
    creation_points bigint NOT NULL,
    communities_with_social_work_room bigint NOT NULL,
    registered_volunteers_with_population bigint NOT NULL,
    communities_without_population bigint NOT NULL,
    community_workers_with_urban_population bigint NOT NULL,
    communities_without_urban_population bigint NOT NULL,
    volunteers bigint NOT NULL,
    registered_volunteers bigint NOT NULL,
    volunteer_teams bigint NOT NULL,
    social_workers bigint NOT NULL,
    certified_social_workers bigint NOT NULL,
    community_workers bigint NOT NULL,
    certified_community_workers bigint NOT NULL,
    station_social_workers bigint NOT NULL,
    station_full_time_social_workers bigint NOT NULL,
    social_organizations bigint NOT NULL,
    community_social_organizations bigint NOT NULL,
    charity_social_organizations bigint NOT NULL,
    charity_organizations bigint NOT NULL,
    hub_organizations bigint NOT NULL,
    organization_full_time_staff bigint NOT NULL,
    community_funds bigint NOT NULL,
    sessions bigint NOT NULL,
    person_times bigint NOT NULL,
    service_records bigint NOT NULL,
    service_minutes bigint NOT NULL,
    active_volunteers bigint NOT NULL,
    fund_raised_fen bigint NOT NULL,
    donations_fen bigint NOT NULL,
    new_demonstration_sites bigint NOT NULL,
    stamp bigint DEFAULT '0'::bigint NOT NULL
);


--
-- Name: TABLE subtree_summary; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.subtree_summary IS 'every measure summed over a region''s whole subtree: a rollup reads one row per group';


--
-- Name: COLUMN subtree_summary.year; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.subtree_summary.year IS '0: what exists now; else the calendar year';


--
-- Name: COLUMN subtree_summary.stamp; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.subtree_summary.stamp IS 'a new random number each time the row is rewritten: anything in the subtree changed';


--
-- Name: summary_stamp; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.summary_stamp (
    region_id integer NOT NULL,
    tenant_id integer NOT NULL,
    stamp bigint NOT NULL
);


--
-- Name: TABLE summary_stamp; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.summary_stamp IS 'a new random number each time a region''s summary rows are rewritten (no row: 0); a stock snapshot taken under another stamp is out of date';


--
-- Name: target_verdict; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.target_verdict (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    plugin character varying(64) NOT NULL,
    scope character varying(400) NOT NULL,
    target_key character varying(64) NOT NULL,
    indicator character varying(64) NOT NULL,
    comparator character varying(2) NOT NULL,
    threshold character varying(40) NOT NULL,
    deadline date NOT NULL,
    year integer NOT NULL,
    judged_on date NOT NULL,
    status character varying(16) NOT NULL,
    value double precision,
    numerator double precision,
    denominator double precision,
    regions_judged integer,
    regions_meeting integer,
    regions_no_data integer,
    left_out integer,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: target_verdict_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.target_verdict_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: target_verdict_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.target_verdict_id_seq OWNED BY public.target_verdict.id;


--
-- Name: tenant; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenant (
    id integer NOT NULL,
    code character varying(64) NOT NULL,
    name character varying(100) NOT NULL,
    settings json NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: tenant_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.tenant_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tenant_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.tenant_id_seq OWNED BY public.tenant.id;


--
-- Name: tenant_plugin; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenant_plugin (
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    plugin character varying(64) NOT NULL,
    enabled boolean NOT NULL
);


--
-- Name: tenant_plugin_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.tenant_plugin_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tenant_plugin_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.tenant_plugin_id_seq OWNED BY public.tenant_plugin.id;


--
-- Name: volunteer; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.volunteer (
    valid_from date DEFAULT CURRENT_DATE NOT NULL,
    valid_to date,
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    name character varying NOT NULL,
    real_name_registered boolean NOT NULL,
    registered_on date,
    team_id integer,
    guardian_name character varying,
    guardian_relation character varying,
    guardian_consent_on date,
    id_number_encrypted text,
    id_number_hash character varying(64),
    id_number_masked character varying(18),
    phone_encrypted text,
    phone_masked character varying(20),
    birth_year integer,
    sex character varying(6)
);


--
-- Name: volunteer_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.volunteer_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: volunteer_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.volunteer_id_seq OWNED BY public.volunteer.id;


--
-- Name: volunteer_team; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.volunteer_team (
    valid_from date DEFAULT CURRENT_DATE NOT NULL,
    valid_to date,
    id integer NOT NULL,
    tenant_id integer NOT NULL,
    region_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    name character varying NOT NULL,
    organization_id integer,
    established_on date
);


--
-- Name: volunteer_team_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.volunteer_team_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: volunteer_team_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.volunteer_team_id_seq OWNED BY public.volunteer_team.id;


--
-- Name: activity id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity ALTER COLUMN id SET DEFAULT nextval('public.activity_id_seq'::regclass);


--
-- Name: app_user id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user ALTER COLUMN id SET DEFAULT nextval('public.app_user_id_seq'::regclass);


--
-- Name: audit_event id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_event ALTER COLUMN id SET DEFAULT nextval('public.audit_event_id_seq'::regclass);


--
-- Name: calendar_day id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_day ALTER COLUMN id SET DEFAULT nextval('public.calendar_day_id_seq'::regclass);


--
-- Name: case_event id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_event ALTER COLUMN id SET DEFAULT nextval('public.case_event_id_seq'::regclass);


--
-- Name: case_party id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_party ALTER COLUMN id SET DEFAULT nextval('public.case_party_id_seq'::regclass);


--
-- Name: case_record id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_record ALTER COLUMN id SET DEFAULT nextval('public.case_record_id_seq'::regclass);


--
-- Name: community_fund id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.community_fund ALTER COLUMN id SET DEFAULT nextval('public.community_fund_id_seq'::regclass);


--
-- Name: community_profile id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.community_profile ALTER COLUMN id SET DEFAULT nextval('public.community_profile_id_seq'::regclass);


--
-- Name: dispatch id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispatch ALTER COLUMN id SET DEFAULT nextval('public.dispatch_id_seq'::regclass);


--
-- Name: donation id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.donation ALTER COLUMN id SET DEFAULT nextval('public.donation_id_seq'::regclass);


--
-- Name: emergency id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.emergency ALTER COLUMN id SET DEFAULT nextval('public.emergency_id_seq'::regclass);


--
-- Name: form_submission id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_submission ALTER COLUMN id SET DEFAULT nextval('public.form_submission_id_seq'::regclass);


--
-- Name: form_submission_value id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_submission_value ALTER COLUMN id SET DEFAULT nextval('public.form_submission_value_id_seq'::regclass);


--
-- Name: indicator_baseline id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.indicator_baseline ALTER COLUMN id SET DEFAULT nextval('public.indicator_baseline_id_seq'::regclass);


--
-- Name: ledger_entry id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_entry ALTER COLUMN id SET DEFAULT nextval('public.ledger_entry_id_seq'::regclass);


--
-- Name: notification id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification ALTER COLUMN id SET DEFAULT nextval('public.notification_id_seq'::regclass);


--
-- Name: organization_member id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_member ALTER COLUMN id SET DEFAULT nextval('public.organization_member_id_seq'::regclass);


--
-- Name: organization_sanction id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_sanction ALTER COLUMN id SET DEFAULT nextval('public.organization_sanction_id_seq'::regclass);


--
-- Name: outbox_message id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox_message ALTER COLUMN id SET DEFAULT nextval('public.outbox_message_id_seq'::regclass);


--
-- Name: region id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region ALTER COLUMN id SET DEFAULT nextval('public.region_id_seq'::regclass);


--
-- Name: role id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role ALTER COLUMN id SET DEFAULT nextval('public.role_id_seq'::regclass);


--
-- Name: role_assignment id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_assignment ALTER COLUMN id SET DEFAULT nextval('public.role_assignment_id_seq'::regclass);


--
-- Name: role_permission id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permission ALTER COLUMN id SET DEFAULT nextval('public.role_permission_id_seq'::regclass);


--
-- Name: service_record id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_record ALTER COLUMN id SET DEFAULT nextval('public.service_record_id_seq'::regclass);


--
-- Name: social_organization id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.social_organization ALTER COLUMN id SET DEFAULT nextval('public.social_organization_id_seq'::regclass);


--
-- Name: social_worker id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.social_worker ALTER COLUMN id SET DEFAULT nextval('public.social_worker_id_seq'::regclass);


--
-- Name: target_verdict id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.target_verdict ALTER COLUMN id SET DEFAULT nextval('public.target_verdict_id_seq'::regclass);


--
-- Name: tenant id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant ALTER COLUMN id SET DEFAULT nextval('public.tenant_id_seq'::regclass);


--
-- Name: tenant_plugin id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_plugin ALTER COLUMN id SET DEFAULT nextval('public.tenant_plugin_id_seq'::regclass);


--
-- Name: volunteer id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.volunteer ALTER COLUMN id SET DEFAULT nextval('public.volunteer_id_seq'::regclass);


--
-- Name: volunteer_team id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.volunteer_team ALTER COLUMN id SET DEFAULT nextval('public.volunteer_team_id_seq'::regclass);


--
-- Data for Name: activity; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: app_user; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.app_user VALUES (1, 'admin', '平台管理员', NULL, 'person', true, true, NULL, NULL, '2026-12-05 04:05:33.653398+00');


--
-- Data for Name: audit_event; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_event VALUES (1, '2026-12-05 04:05:34.935714+00', 1, 'admin', 'personal_data.id_number_set', 'SocialWorker:1.idNumber', 'null', '{"field": "idNumber"}');


--
-- Data for Name: calendar_day; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: case_event; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: case_party; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: case_record; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: community_fund; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: community_profile; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: dispatch; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: donation; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: emergency; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: form_submission; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: form_submission_value; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: indicator_baseline; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: ledger_entry; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: notification; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: organization_member; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: organization_sanction; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: outbox_message; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: platform_setting; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.platform_setting VALUES ('token_secret', 'lmzmuhIPrm807qwdUBsZ0neRNc6ZaeZJJSKuW_mKPKd49EmLSK7K9ZXIHk2TgpQq');
INSERT INTO public.platform_setting VALUES ('data_key', 'aLZYcRI8Xe3d3AEvP68iYw9UuonW6jTzCOo9I671SWQ=');
INSERT INTO public.platform_setting VALUES ('personal_data_layout', '{"masks": 2, "forms": "2d11733ddf396f1248d634bdc4a3e282"}');


--
-- Data for Name: policy_version; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.policy_version VALUES (1, 1);


--
-- Data for Name: region; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.region VALUES (1, 1, NULL, 'chongqing', '重庆市', 'city', NULL, NULL, NULL, NULL, 'chongqing', 0, 1, '500000', '{}', '渝民发〔2022〕7号 发文机关（重庆市民政局）', '[]', NULL, 1, NULL, NULL, NULL);
INSERT INTO public.region VALUES (2, 1, 1, 'wanzhou', '万州区', 'district', NULL, NULL, NULL, NULL, 'chongqing/wanzhou', 1, 1, '500101', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 2, NULL, NULL);
INSERT INTO public.region VALUES (3, 1, 1, 'qianjiang', '黔江区', 'district', NULL, NULL, NULL, NULL, 'chongqing/qianjiang', 1, 2, '500114', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 3, NULL, NULL);
INSERT INTO public.region VALUES (4, 1, 1, 'fuling', '涪陵区', 'district', NULL, NULL, NULL, NULL, 'chongqing/fuling', 1, 3, '500102', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 4, NULL, NULL);
INSERT INTO public.region VALUES (5, 1, 1, 'yuzhong', '渝中区', 'district', NULL, NULL, NULL, NULL, 'chongqing/yuzhong', 1, 4, '500103', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 5, NULL, NULL);
INSERT INTO public.region VALUES (6, 1, 1, 'dadukou', '大渡口区', 'district', NULL, NULL, NULL, NULL, 'chongqing/dadukou', 1, 5, '500104', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 6, NULL, NULL);
INSERT INTO public.region VALUES (7, 1, 1, 'jiangbei', '江北区', 'district', NULL, NULL, NULL, NULL, 'chongqing/jiangbei', 1, 6, '500105', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 7, NULL, NULL);
INSERT INTO public.region VALUES (8, 1, 1, 'shapingba', '沙坪坝区', 'district', NULL, NULL, NULL, NULL, 'chongqing/shapingba', 1, 7, '500106', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 8, NULL, NULL);
INSERT INTO public.region VALUES (9, 1, 1, 'jiulongpo', '九龙坡区', 'district', NULL, NULL, NULL, NULL, 'chongqing/jiulongpo', 1, 8, '500107', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 9, NULL, NULL);
INSERT INTO public.region VALUES (10, 1, 1, 'nanan', '南岸区', 'district', NULL, NULL, NULL, NULL, 'chongqing/nanan', 1, 9, '500108', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 10, NULL, NULL);
INSERT INTO public.region VALUES (11, 1, 1, 'beibei', '北碚区', 'district', NULL, NULL, NULL, NULL, 'chongqing/beibei', 1, 10, '500109', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 11, NULL, NULL);
INSERT INTO public.region VALUES (12, 1, 1, 'qijiang', '綦江区', 'district', NULL, NULL, NULL, NULL, 'chongqing/qijiang', 1, 11, '500110', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 12, NULL, NULL);
INSERT INTO public.region VALUES (13, 1, 1, 'dazu', '大足区', 'district', NULL, NULL, NULL, NULL, 'chongqing/dazu', 1, 12, '500111', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 13, NULL, NULL);
INSERT INTO public.region VALUES (14, 1, 1, 'yubei', '渝北区', 'district', NULL, NULL, NULL, NULL, 'chongqing/yubei', 1, 13, '500112', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 14, NULL, NULL);
INSERT INTO public.region VALUES (15, 1, 1, 'banan', '巴南区', 'district', NULL, NULL, NULL, NULL, 'chongqing/banan', 1, 14, '500113', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 15, NULL, NULL);
INSERT INTO public.region VALUES (16, 1, 1, 'changshou', '长寿区', 'district', NULL, NULL, NULL, NULL, 'chongqing/changshou', 1, 15, '500115', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 16, NULL, NULL);
INSERT INTO public.region VALUES (17, 1, 1, 'jiangjin', '江津区', 'district', NULL, NULL, NULL, NULL, 'chongqing/jiangjin', 1, 16, '500116', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 17, NULL, NULL);
INSERT INTO public.region VALUES (18, 1, 1, 'hechuan', '合川区', 'district', NULL, NULL, NULL, NULL, 'chongqing/hechuan', 1, 17, '500117', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 18, NULL, NULL);
INSERT INTO public.region VALUES (19, 1, 1, 'yongchuan', '永川区', 'district', NULL, NULL, NULL, NULL, 'chongqing/yongchuan', 1, 18, '500118', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 19, NULL, NULL);
INSERT INTO public.region VALUES (20, 1, 1, 'nanchuan', '南川区', 'district', NULL, NULL, NULL, NULL, 'chongqing/nanchuan', 1, 19, '500119', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 20, NULL, NULL);
INSERT INTO public.region VALUES (21, 1, 1, 'bishan', '璧山区', 'district', NULL, NULL, NULL, NULL, 'chongqing/bishan', 1, 20, '500120', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 21, NULL, NULL);
INSERT INTO public.region VALUES (22, 1, 1, 'tongliang', '铜梁区', 'district', NULL, NULL, NULL, NULL, 'chongqing/tongliang', 1, 21, '500151', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 22, NULL, NULL);
INSERT INTO public.region VALUES (23, 1, 1, 'tongnan', '潼南区', 'district', NULL, NULL, NULL, NULL, 'chongqing/tongnan', 1, 22, '500152', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 23, NULL, NULL);
INSERT INTO public.region VALUES (24, 1, 1, 'rongchang', '荣昌区', 'district', NULL, NULL, NULL, NULL, 'chongqing/rongchang', 1, 23, '500153', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 24, NULL, NULL);
INSERT INTO public.region VALUES (25, 1, 1, 'kaizhou', '开州区', 'district', NULL, NULL, NULL, NULL, 'chongqing/kaizhou', 1, 24, '500154', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 25, NULL, NULL);
INSERT INTO public.region VALUES (26, 1, 1, 'liangping', '梁平区', 'district', NULL, NULL, NULL, NULL, 'chongqing/liangping', 1, 25, '500155', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 26, NULL, NULL);
INSERT INTO public.region VALUES (27, 1, 1, 'wulong', '武隆区', 'district', NULL, NULL, NULL, NULL, 'chongqing/wulong', 1, 26, '500156', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 27, NULL, NULL);
INSERT INTO public.region VALUES (28, 1, 1, 'chengkou', '城口县', 'district', NULL, NULL, NULL, NULL, 'chongqing/chengkou', 1, 27, '500229', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 28, NULL, NULL);
INSERT INTO public.region VALUES (29, 1, 1, 'fengdu', '丰都县', 'district', NULL, NULL, NULL, NULL, 'chongqing/fengdu', 1, 28, '500230', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 29, NULL, NULL);
INSERT INTO public.region VALUES (30, 1, 1, 'dianjiang', '垫江县', 'district', NULL, NULL, NULL, NULL, 'chongqing/dianjiang', 1, 29, '500231', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 30, NULL, NULL);
INSERT INTO public.region VALUES (31, 1, 1, 'zhong', '忠县', 'district', NULL, NULL, NULL, NULL, 'chongqing/zhong', 1, 30, '500233', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 31, NULL, NULL);
INSERT INTO public.region VALUES (32, 1, 1, 'yunyang', '云阳县', 'district', NULL, NULL, NULL, NULL, 'chongqing/yunyang', 1, 31, '500235', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 32, NULL, NULL);
INSERT INTO public.region VALUES (33, 1, 1, 'fengjie', '奉节县', 'district', NULL, NULL, NULL, NULL, 'chongqing/fengjie', 1, 32, '500236', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 33, NULL, NULL);
INSERT INTO public.region VALUES (34, 1, 1, 'wushan', '巫山县', 'district', NULL, NULL, NULL, NULL, 'chongqing/wushan', 1, 33, '500237', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 34, NULL, NULL);
INSERT INTO public.region VALUES (35, 1, 1, 'wuxi', '巫溪县', 'district', NULL, NULL, NULL, NULL, 'chongqing/wuxi', 1, 34, '500238', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 35, NULL, NULL);
INSERT INTO public.region VALUES (36, 1, 1, 'shizhu', '石柱土家族自治县', 'district', NULL, NULL, NULL, NULL, 'chongqing/shizhu', 1, 35, '500240', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 36, NULL, NULL);
INSERT INTO public.region VALUES (37, 1, 1, 'xiushan', '秀山土家族苗族自治县', 'district', NULL, NULL, NULL, NULL, 'chongqing/xiushan', 1, 36, '500241', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 37, NULL, NULL);
INSERT INTO public.region VALUES (38, 1, 1, 'youyang', '酉阳土家族苗族自治县', 'district', NULL, NULL, NULL, NULL, 'chongqing/youyang', 1, 37, '500242', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 38, NULL, NULL);
INSERT INTO public.region VALUES (39, 1, 1, 'pengshui', '彭水苗族土家族自治县', 'district', NULL, NULL, NULL, NULL, 'chongqing/pengshui', 1, 38, '500243', '{}', '渝民发〔2022〕7号 主送：各区县（自治县）民政局', '[]', NULL, 1, 39, NULL, NULL);
INSERT INTO public.region VALUES (40, 1, 1, 'liangjiang', '两江新区', 'district', NULL, NULL, NULL, NULL, 'chongqing/liangjiang', 1, 39, NULL, '{}', '渝民发〔2022〕7号 主送：两江新区社会保障局', '[]', NULL, 1, 40, NULL, NULL);
INSERT INTO public.region VALUES (41, 1, 1, 'gaoxin', '西部科学城重庆高新区', 'district', NULL, NULL, NULL, NULL, 'chongqing/gaoxin', 1, 40, NULL, '{}', '渝民发〔2022〕7号 主送：西部科学城重庆高新区公共服务局', '[]', NULL, 1, 41, NULL, NULL);
INSERT INTO public.region VALUES (42, 1, 1, 'wansheng', '万盛经济技术开发区', 'district', NULL, NULL, NULL, NULL, 'chongqing/wansheng', 1, 41, NULL, '{}', '渝民发〔2022〕7号 主送：万盛经开区民政局', '[]', NULL, 1, 42, NULL, NULL);
INSERT INTO public.region VALUES (43, 1, 3, 'zhengyang', '正阳街道', 'street', NULL, NULL, NULL, NULL, 'chongqing/qianjiang/zhengyang', 2, 1, NULL, '{}', '正阳办事处发〔2022〕95号 发文机关（黔江区人民政府正阳街道办事处）', '[]', NULL, 1, 3, 43, NULL);
INSERT INTO public.region VALUES (44, 1, 43, 'chaoyang', '朝阳社区', 'community', 'urban', NULL, NULL, NULL, 'chongqing/qianjiang/zhengyang/chaoyang', 3, 1, NULL, '{}', '正阳办事处发〔2022〕95号 二', '[]', NULL, 1, 3, 43, 44);
INSERT INTO public.region VALUES (45, 1, 43, 'qunli', '群力社区', 'community', 'urban', NULL, NULL, NULL, 'chongqing/qianjiang/zhengyang/qunli', 3, 2, NULL, '{}', '正阳办事处发〔2022〕95号 二', '[]', NULL, 1, 3, 43, 45);
INSERT INTO public.region VALUES (46, 1, 43, 'tongping', '桐坪社区', 'community', 'urban', NULL, NULL, NULL, 'chongqing/qianjiang/zhengyang/tongping', 3, 3, NULL, '{}', '正阳办事处发〔2022〕95号 二', '[]', NULL, 1, 3, 43, 46);
INSERT INTO public.region VALUES (47, 1, 43, 'jifu', '积富社区', 'community', 'urban', NULL, NULL, NULL, 'chongqing/qianjiang/zhengyang/jifu', 3, 4, NULL, '{}', '正阳办事处发〔2022〕95号 二', '[]', NULL, 1, 3, 43, 47);
INSERT INTO public.region VALUES (48, 1, 43, 'tuanjie', '团结社区', 'community', 'urban', NULL, NULL, NULL, 'chongqing/qianjiang/zhengyang/tuanjie', 3, 5, NULL, '{}', '正阳办事处发〔2022〕95号 二', '[]', NULL, 1, 3, 43, 48);


--
-- Data for Name: region_summary; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.region_summary VALUES (43, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0);
INSERT INTO public.region_summary VALUES (44, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);


--
-- Data for Name: region_year_summary; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: revoked_token; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: role; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.role VALUES (1, 1, 'tenant_admin', '租户管理员', 'city', 'core', false, 'wushe core');
INSERT INTO public.role VALUES (2, 1, 'municipal_bureau', '重庆市民政局', 'city', 'chongqing', false, '渝民发〔2022〕7号 发文机关；二');
INSERT INTO public.role VALUES (3, 1, 'district_bureau', '区县民政部门', 'district', 'chongqing', false, '渝民发〔2022〕7号 二、三（三）、三（四）、四（二）');
INSERT INTO public.role VALUES (4, 1, 'street_office', '乡镇（街道）', 'street', 'chongqing', false, '渝民发〔2022〕7号 三（四）、三（五）、三（六）、四（二）');
INSERT INTO public.role VALUES (5, 1, 'community', '村（社区）', 'community', 'chongqing', false, '渝民发〔2022〕7号 三（三）、三（四）、三（六）、四（二）');
INSERT INTO public.role VALUES (6, 1, 'two_committees', '村（社区）“两委”', 'community', 'chongqing', true, '渝民发〔2022〕7号 三（一）、三（三）、三（四）');
INSERT INTO public.role VALUES (7, 1, 'leading_group', '创新“五社联动”机制工作领导小组', 'street', 'qianjiang', false, '正阳办事处发〔2022〕95号 四（一）');
INSERT INTO public.role VALUES (8, 1, 'civil_affairs_office', '街道民政和社会事务办', 'street', 'qianjiang', false, '正阳办事处发〔2022〕95号 二、三（三）、四（二）');
INSERT INTO public.role VALUES (9, 1, 'social_security_office', '社保所', 'street', 'qianjiang', false, '正阳办事处发〔2022〕95号 二、三（三）、四（二）');
INSERT INTO public.role VALUES (10, 1, 'social_work_station', '街道社会工作站', 'street', 'qianjiang', false, '正阳办事处发〔2022〕95号 三（三）、三（四）、三（五）、三（七）、四（二）');


--
-- Data for Name: role_assignment; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: role_permission; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.role_permission VALUES (1, 1, 'tenant_admin', '*', 'activity', 'create');
INSERT INTO public.role_permission VALUES (2, 1, 'tenant_admin', '*', 'activity', 'read');
INSERT INTO public.role_permission VALUES (3, 1, 'tenant_admin', '*', 'activity', 'update');
INSERT INTO public.role_permission VALUES (4, 1, 'tenant_admin', '*', 'assignment', 'create');
INSERT INTO public.role_permission VALUES (5, 1, 'tenant_admin', '*', 'assignment', 'delete');
INSERT INTO public.role_permission VALUES (6, 1, 'tenant_admin', '*', 'assignment', 'read');
INSERT INTO public.role_permission VALUES (7, 1, 'tenant_admin', '*', 'audit', 'read');
INSERT INTO public.role_permission VALUES (8, 1, 'tenant_admin', '*', 'case', 'read');
INSERT INTO public.role_permission VALUES (9, 1, 'tenant_admin', '*', 'catalogue', 'read');
INSERT INTO public.role_permission VALUES (10, 1, 'tenant_admin', '*', 'community_fund', 'create');
INSERT INTO public.role_permission VALUES (11, 1, 'tenant_admin', '*', 'community_fund', 'read');
INSERT INTO public.role_permission VALUES (12, 1, 'tenant_admin', '*', 'community_fund', 'update');
INSERT INTO public.role_permission VALUES (13, 1, 'tenant_admin', '*', 'community_profile', 'read');
INSERT INTO public.role_permission VALUES (14, 1, 'tenant_admin', '*', 'community_profile', 'update');
INSERT INTO public.role_permission VALUES (15, 1, 'tenant_admin', '*', 'donation', 'create');
INSERT INTO public.role_permission VALUES (16, 1, 'tenant_admin', '*', 'donation', 'dispatch');
INSERT INTO public.role_permission VALUES (17, 1, 'tenant_admin', '*', 'donation', 'read');
INSERT INTO public.role_permission VALUES (18, 1, 'tenant_admin', '*', 'emergency', 'create');
INSERT INTO public.role_permission VALUES (19, 1, 'tenant_admin', '*', 'emergency', 'read');
INSERT INTO public.role_permission VALUES (20, 1, 'tenant_admin', '*', 'emergency', 'update');
INSERT INTO public.role_permission VALUES (21, 1, 'tenant_admin', '*', 'form', 'read');
INSERT INTO public.role_permission VALUES (22, 1, 'tenant_admin', '*', 'form', 'review');
INSERT INTO public.role_permission VALUES (23, 1, 'tenant_admin', '*', 'form', 'submit');
INSERT INTO public.role_permission VALUES (24, 1, 'tenant_admin', '*', 'indicator', 'read');
INSERT INTO public.role_permission VALUES (25, 1, 'tenant_admin', '*', 'indicator', 'update');
INSERT INTO public.role_permission VALUES (26, 1, 'tenant_admin', '*', 'personal_data', 'read_full');
INSERT INTO public.role_permission VALUES (27, 1, 'tenant_admin', '*', 'region', 'create');
INSERT INTO public.role_permission VALUES (28, 1, 'tenant_admin', '*', 'region', 'read');
INSERT INTO public.role_permission VALUES (29, 1, 'tenant_admin', '*', 'region', 'update');
INSERT INTO public.role_permission VALUES (30, 1, 'tenant_admin', '*', 'role', 'create');
INSERT INTO public.role_permission VALUES (31, 1, 'tenant_admin', '*', 'role', 'read');
INSERT INTO public.role_permission VALUES (32, 1, 'tenant_admin', '*', 'role', 'update');
INSERT INTO public.role_permission VALUES (33, 1, 'tenant_admin', '*', 'rule', 'run');
INSERT INTO public.role_permission VALUES (34, 1, 'tenant_admin', '*', 'service_record', 'create');
INSERT INTO public.role_permission VALUES (35, 1, 'tenant_admin', '*', 'service_record', 'read');
INSERT INTO public.role_permission VALUES (36, 1, 'tenant_admin', '*', 'setting', 'read');
INSERT INTO public.role_permission VALUES (37, 1, 'tenant_admin', '*', 'setting', 'update');
INSERT INTO public.role_permission VALUES (38, 1, 'tenant_admin', '*', 'social_organization', 'create');
INSERT INTO public.role_permission VALUES (39, 1, 'tenant_admin', '*', 'social_organization', 'dispatch');
INSERT INTO public.role_permission VALUES (40, 1, 'tenant_admin', '*', 'social_organization', 'read');
INSERT INTO public.role_permission VALUES (41, 1, 'tenant_admin', '*', 'social_organization', 'update');
INSERT INTO public.role_permission VALUES (42, 1, 'tenant_admin', '*', 'social_worker', 'create');
INSERT INTO public.role_permission VALUES (43, 1, 'tenant_admin', '*', 'social_worker', 'read');
INSERT INTO public.role_permission VALUES (44, 1, 'tenant_admin', '*', 'social_worker', 'update');
INSERT INTO public.role_permission VALUES (45, 1, 'tenant_admin', '*', 'target', 'read');
INSERT INTO public.role_permission VALUES (46, 1, 'tenant_admin', '*', 'user', 'create');
INSERT INTO public.role_permission VALUES (47, 1, 'tenant_admin', '*', 'user', 'read');
INSERT INTO public.role_permission VALUES (48, 1, 'tenant_admin', '*', 'user', 'update');
INSERT INTO public.role_permission VALUES (49, 1, 'tenant_admin', '*', 'volunteer', 'create');
INSERT INTO public.role_permission VALUES (50, 1, 'tenant_admin', '*', 'volunteer', 'dispatch');
INSERT INTO public.role_permission VALUES (51, 1, 'tenant_admin', '*', 'volunteer', 'read');
INSERT INTO public.role_permission VALUES (52, 1, 'tenant_admin', '*', 'volunteer', 'update');
INSERT INTO public.role_permission VALUES (53, 1, 'tenant_admin', '*', 'volunteer_team', 'create');
INSERT INTO public.role_permission VALUES (54, 1, 'tenant_admin', '*', 'volunteer_team', 'dispatch');
INSERT INTO public.role_permission VALUES (55, 1, 'tenant_admin', '*', 'volunteer_team', 'read');
INSERT INTO public.role_permission VALUES (56, 1, 'tenant_admin', '*', 'volunteer_team', 'update');
INSERT INTO public.role_permission VALUES (57, 1, 'municipal_bureau', '*', 'activity', 'read');
INSERT INTO public.role_permission VALUES (58, 1, 'municipal_bureau', '*', 'catalogue', 'read');
INSERT INTO public.role_permission VALUES (59, 1, 'municipal_bureau', '*', 'community_fund', 'read');
INSERT INTO public.role_permission VALUES (60, 1, 'municipal_bureau', '*', 'community_profile', 'read');
INSERT INTO public.role_permission VALUES (61, 1, 'municipal_bureau', '*', 'donation', 'read');
INSERT INTO public.role_permission VALUES (62, 1, 'municipal_bureau', '*', 'indicator', 'read');
INSERT INTO public.role_permission VALUES (63, 1, 'municipal_bureau', '*', 'region', 'read');
INSERT INTO public.role_permission VALUES (64, 1, 'municipal_bureau', '*', 'service_record', 'read');
INSERT INTO public.role_permission VALUES (65, 1, 'municipal_bureau', '*', 'setting', 'read');
INSERT INTO public.role_permission VALUES (66, 1, 'municipal_bureau', '*', 'social_organization', 'read');
INSERT INTO public.role_permission VALUES (67, 1, 'municipal_bureau', '*', 'social_worker', 'read');
INSERT INTO public.role_permission VALUES (68, 1, 'municipal_bureau', '*', 'target', 'read');
INSERT INTO public.role_permission VALUES (69, 1, 'municipal_bureau', '*', 'volunteer', 'read');
INSERT INTO public.role_permission VALUES (70, 1, 'municipal_bureau', '*', 'volunteer_team', 'read');
INSERT INTO public.role_permission VALUES (71, 1, 'municipal_bureau', 'city', 'indicator', 'update');
INSERT INTO public.role_permission VALUES (72, 1, 'municipal_bureau', 'city', 'region', 'update');
INSERT INTO public.role_permission VALUES (73, 1, 'municipal_bureau', 'community', 'community_profile', 'update');
INSERT INTO public.role_permission VALUES (74, 1, 'municipal_bureau', 'community', 'region', 'create');
INSERT INTO public.role_permission VALUES (75, 1, 'municipal_bureau', 'community', 'region', 'update');
INSERT INTO public.role_permission VALUES (76, 1, 'municipal_bureau', 'district', 'region', 'create');
INSERT INTO public.role_permission VALUES (77, 1, 'municipal_bureau', 'district', 'region', 'update');
INSERT INTO public.role_permission VALUES (78, 1, 'municipal_bureau', 'street', 'region', 'create');
INSERT INTO public.role_permission VALUES (79, 1, 'municipal_bureau', 'street', 'region', 'update');
INSERT INTO public.role_permission VALUES (80, 1, 'district_bureau', '*', 'activity', 'read');
INSERT INTO public.role_permission VALUES (81, 1, 'district_bureau', '*', 'catalogue', 'read');
INSERT INTO public.role_permission VALUES (82, 1, 'district_bureau', '*', 'community_fund', 'read');
INSERT INTO public.role_permission VALUES (83, 1, 'district_bureau', '*', 'community_profile', 'read');
INSERT INTO public.role_permission VALUES (84, 1, 'district_bureau', '*', 'donation', 'read');
INSERT INTO public.role_permission VALUES (85, 1, 'district_bureau', '*', 'emergency', 'read');
INSERT INTO public.role_permission VALUES (86, 1, 'district_bureau', '*', 'form', 'read');
INSERT INTO public.role_permission VALUES (87, 1, 'district_bureau', '*', 'form', 'review');
INSERT INTO public.role_permission VALUES (88, 1, 'district_bureau', '*', 'indicator', 'read');
INSERT INTO public.role_permission VALUES (89, 1, 'district_bureau', '*', 'region', 'read');
INSERT INTO public.role_permission VALUES (90, 1, 'district_bureau', '*', 'rule', 'run');
INSERT INTO public.role_permission VALUES (91, 1, 'district_bureau', '*', 'service_record', 'read');
INSERT INTO public.role_permission VALUES (92, 1, 'district_bureau', '*', 'social_organization', 'create');
INSERT INTO public.role_permission VALUES (93, 1, 'district_bureau', '*', 'social_organization', 'read');
INSERT INTO public.role_permission VALUES (94, 1, 'district_bureau', '*', 'social_organization', 'update');
INSERT INTO public.role_permission VALUES (95, 1, 'district_bureau', '*', 'social_worker', 'create');
INSERT INTO public.role_permission VALUES (96, 1, 'district_bureau', '*', 'social_worker', 'read');
INSERT INTO public.role_permission VALUES (97, 1, 'district_bureau', '*', 'social_worker', 'update');
INSERT INTO public.role_permission VALUES (98, 1, 'district_bureau', '*', 'target', 'read');
INSERT INTO public.role_permission VALUES (99, 1, 'district_bureau', '*', 'volunteer', 'read');
INSERT INTO public.role_permission VALUES (100, 1, 'district_bureau', '*', 'volunteer_team', 'read');
INSERT INTO public.role_permission VALUES (101, 1, 'district_bureau', 'community', 'case', 'read');
INSERT INTO public.role_permission VALUES (102, 1, 'district_bureau', 'community', 'community_profile', 'update');
INSERT INTO public.role_permission VALUES (103, 1, 'district_bureau', 'community', 'emergency', 'create');
INSERT INTO public.role_permission VALUES (104, 1, 'district_bureau', 'community', 'emergency', 'update');
INSERT INTO public.role_permission VALUES (105, 1, 'district_bureau', 'community', 'region', 'create');
INSERT INTO public.role_permission VALUES (106, 1, 'district_bureau', 'community', 'region', 'update');
INSERT INTO public.role_permission VALUES (107, 1, 'district_bureau', 'district', 'case', 'read');
INSERT INTO public.role_permission VALUES (108, 1, 'district_bureau', 'district', 'form', 'submit');
INSERT INTO public.role_permission VALUES (109, 1, 'district_bureau', 'district', 'region', 'update');
INSERT INTO public.role_permission VALUES (110, 1, 'district_bureau', 'street', 'case', 'read');
INSERT INTO public.role_permission VALUES (111, 1, 'district_bureau', 'street', 'emergency', 'create');
INSERT INTO public.role_permission VALUES (112, 1, 'district_bureau', 'street', 'emergency', 'update');
INSERT INTO public.role_permission VALUES (113, 1, 'district_bureau', 'street', 'region', 'create');
INSERT INTO public.role_permission VALUES (114, 1, 'district_bureau', 'street', 'region', 'update');
INSERT INTO public.role_permission VALUES (115, 1, 'street_office', '*', 'activity', 'read');
INSERT INTO public.role_permission VALUES (116, 1, 'street_office', '*', 'catalogue', 'read');
INSERT INTO public.role_permission VALUES (117, 1, 'street_office', '*', 'community_fund', 'read');
INSERT INTO public.role_permission VALUES (118, 1, 'street_office', '*', 'community_profile', 'read');
INSERT INTO public.role_permission VALUES (119, 1, 'street_office', '*', 'donation', 'read');
INSERT INTO public.role_permission VALUES (120, 1, 'street_office', '*', 'emergency', 'read');
INSERT INTO public.role_permission VALUES (121, 1, 'street_office', '*', 'form', 'read');
INSERT INTO public.role_permission VALUES (122, 1, 'street_office', '*', 'form', 'review');
INSERT INTO public.role_permission VALUES (123, 1, 'street_office', '*', 'indicator', 'read');
INSERT INTO public.role_permission VALUES (124, 1, 'street_office', '*', 'region', 'read');
INSERT INTO public.role_permission VALUES (125, 1, 'street_office', '*', 'service_record', 'read');
INSERT INTO public.role_permission VALUES (126, 1, 'street_office', '*', 'social_organization', 'read');
INSERT INTO public.role_permission VALUES (127, 1, 'street_office', '*', 'social_worker', 'read');
INSERT INTO public.role_permission VALUES (128, 1, 'street_office', '*', 'target', 'read');
INSERT INTO public.role_permission VALUES (129, 1, 'street_office', '*', 'volunteer', 'read');
INSERT INTO public.role_permission VALUES (130, 1, 'street_office', '*', 'volunteer_team', 'read');
INSERT INTO public.role_permission VALUES (131, 1, 'street_office', 'community', 'activity', 'create');
INSERT INTO public.role_permission VALUES (132, 1, 'street_office', 'community', 'activity', 'update');
INSERT INTO public.role_permission VALUES (133, 1, 'street_office', 'community', 'case', 'read');
INSERT INTO public.role_permission VALUES (134, 1, 'street_office', 'community', 'chongqing_consultation', 'convene');
INSERT INTO public.role_permission VALUES (135, 1, 'street_office', 'community', 'chongqing_consultation', 'resolve');
INSERT INTO public.role_permission VALUES (136, 1, 'street_office', 'community', 'donation', 'create');
INSERT INTO public.role_permission VALUES (137, 1, 'street_office', 'community', 'emergency', 'create');
INSERT INTO public.role_permission VALUES (138, 1, 'street_office', 'community', 'emergency', 'update');
INSERT INTO public.role_permission VALUES (139, 1, 'street_office', 'community', 'form', 'submit');
INSERT INTO public.role_permission VALUES (140, 1, 'street_office', 'community', 'region', 'create');
INSERT INTO public.role_permission VALUES (141, 1, 'street_office', 'community', 'region', 'update');
INSERT INTO public.role_permission VALUES (142, 1, 'street_office', 'community', 'service_record', 'create');
INSERT INTO public.role_permission VALUES (143, 1, 'street_office', 'community', 'social_organization', 'create');
INSERT INTO public.role_permission VALUES (144, 1, 'street_office', 'community', 'social_organization', 'update');
INSERT INTO public.role_permission VALUES (145, 1, 'street_office', 'community', 'social_worker', 'create');
INSERT INTO public.role_permission VALUES (146, 1, 'street_office', 'community', 'social_worker', 'update');
INSERT INTO public.role_permission VALUES (147, 1, 'street_office', 'street', 'activity', 'create');
INSERT INTO public.role_permission VALUES (148, 1, 'street_office', 'street', 'activity', 'update');
INSERT INTO public.role_permission VALUES (149, 1, 'street_office', 'street', 'case', 'read');
INSERT INTO public.role_permission VALUES (150, 1, 'street_office', 'street', 'donation', 'create');
INSERT INTO public.role_permission VALUES (151, 1, 'street_office', 'street', 'emergency', 'create');
INSERT INTO public.role_permission VALUES (152, 1, 'street_office', 'street', 'emergency', 'update');
INSERT INTO public.role_permission VALUES (153, 1, 'street_office', 'street', 'form', 'submit');
INSERT INTO public.role_permission VALUES (154, 1, 'street_office', 'street', 'region', 'update');
INSERT INTO public.role_permission VALUES (155, 1, 'street_office', 'street', 'social_organization', 'create');
INSERT INTO public.role_permission VALUES (156, 1, 'street_office', 'street', 'social_organization', 'update');
INSERT INTO public.role_permission VALUES (157, 1, 'street_office', 'street', 'social_worker', 'create');
INSERT INTO public.role_permission VALUES (158, 1, 'street_office', 'street', 'social_worker', 'update');
INSERT INTO public.role_permission VALUES (159, 1, 'community', '*', 'activity', 'read');
INSERT INTO public.role_permission VALUES (160, 1, 'community', '*', 'catalogue', 'read');
INSERT INTO public.role_permission VALUES (161, 1, 'community', '*', 'community_fund', 'read');
INSERT INTO public.role_permission VALUES (162, 1, 'community', '*', 'community_profile', 'read');
INSERT INTO public.role_permission VALUES (163, 1, 'community', '*', 'donation', 'read');
INSERT INTO public.role_permission VALUES (164, 1, 'community', '*', 'form', 'read');
INSERT INTO public.role_permission VALUES (165, 1, 'community', '*', 'indicator', 'read');
INSERT INTO public.role_permission VALUES (166, 1, 'community', '*', 'region', 'read');
INSERT INTO public.role_permission VALUES (167, 1, 'community', '*', 'service_record', 'read');
INSERT INTO public.role_permission VALUES (168, 1, 'community', '*', 'social_organization', 'read');
INSERT INTO public.role_permission VALUES (169, 1, 'community', '*', 'social_worker', 'read');
INSERT INTO public.role_permission VALUES (170, 1, 'community', '*', 'target', 'read');
INSERT INTO public.role_permission VALUES (171, 1, 'community', '*', 'volunteer', 'read');
INSERT INTO public.role_permission VALUES (172, 1, 'community', '*', 'volunteer_team', 'read');
INSERT INTO public.role_permission VALUES (173, 1, 'community', 'community', 'activity', 'create');
INSERT INTO public.role_permission VALUES (174, 1, 'community', 'community', 'activity', 'update');
INSERT INTO public.role_permission VALUES (175, 1, 'community', 'community', 'case', 'read');
INSERT INTO public.role_permission VALUES (176, 1, 'community', 'community', 'chongqing_consultation', 'convene');
INSERT INTO public.role_permission VALUES (177, 1, 'community', 'community', 'chongqing_consultation', 'raise');
INSERT INTO public.role_permission VALUES (178, 1, 'community', 'community', 'chongqing_consultation', 'resolve');
INSERT INTO public.role_permission VALUES (179, 1, 'community', 'community', 'form', 'submit');
INSERT INTO public.role_permission VALUES (180, 1, 'community', 'community', 'service_record', 'create');
INSERT INTO public.role_permission VALUES (181, 1, 'community', 'community', 'volunteer', 'create');
INSERT INTO public.role_permission VALUES (182, 1, 'community', 'community', 'volunteer', 'update');
INSERT INTO public.role_permission VALUES (183, 1, 'community', 'community', 'volunteer_team', 'create');
INSERT INTO public.role_permission VALUES (184, 1, 'community', 'community', 'volunteer_team', 'update');
INSERT INTO public.role_permission VALUES (185, 1, 'two_committees', '*', 'activity', 'read');
INSERT INTO public.role_permission VALUES (186, 1, 'two_committees', '*', 'catalogue', 'read');
INSERT INTO public.role_permission VALUES (187, 1, 'two_committees', '*', 'community_fund', 'read');
INSERT INTO public.role_permission VALUES (188, 1, 'two_committees', '*', 'community_profile', 'read');
INSERT INTO public.role_permission VALUES (189, 1, 'two_committees', '*', 'donation', 'read');
INSERT INTO public.role_permission VALUES (190, 1, 'two_committees', '*', 'emergency', 'read');
INSERT INTO public.role_permission VALUES (191, 1, 'two_committees', '*', 'form', 'read');
INSERT INTO public.role_permission VALUES (192, 1, 'two_committees', '*', 'form', 'review');
INSERT INTO public.role_permission VALUES (193, 1, 'two_committees', '*', 'indicator', 'read');
INSERT INTO public.role_permission VALUES (194, 1, 'two_committees', '*', 'region', 'read');
INSERT INTO public.role_permission VALUES (195, 1, 'two_committees', '*', 'service_record', 'read');
INSERT INTO public.role_permission VALUES (196, 1, 'two_committees', '*', 'social_organization', 'read');
INSERT INTO public.role_permission VALUES (197, 1, 'two_committees', '*', 'social_worker', 'read');
INSERT INTO public.role_permission VALUES (198, 1, 'two_committees', '*', 'target', 'read');
INSERT INTO public.role_permission VALUES (199, 1, 'two_committees', '*', 'volunteer', 'read');
INSERT INTO public.role_permission VALUES (200, 1, 'two_committees', '*', 'volunteer_team', 'read');
INSERT INTO public.role_permission VALUES (201, 1, 'two_committees', 'community', 'activity', 'create');
INSERT INTO public.role_permission VALUES (202, 1, 'two_committees', 'community', 'activity', 'update');
INSERT INTO public.role_permission VALUES (203, 1, 'two_committees', 'community', 'case', 'read');
INSERT INTO public.role_permission VALUES (204, 1, 'two_committees', 'community', 'chongqing_consultation', 'convene');
INSERT INTO public.role_permission VALUES (205, 1, 'two_committees', 'community', 'chongqing_consultation', 'raise');
INSERT INTO public.role_permission VALUES (206, 1, 'two_committees', 'community', 'chongqing_consultation', 'resolve');
INSERT INTO public.role_permission VALUES (207, 1, 'two_committees', 'community', 'form', 'submit');
INSERT INTO public.role_permission VALUES (208, 1, 'two_committees', 'community', 'service_record', 'create');
INSERT INTO public.role_permission VALUES (209, 1, 'two_committees', 'community', 'volunteer', 'create');
INSERT INTO public.role_permission VALUES (210, 1, 'two_committees', 'community', 'volunteer_team', 'create');
INSERT INTO public.role_permission VALUES (211, 1, 'leading_group', '*', 'activity', 'read');
INSERT INTO public.role_permission VALUES (212, 1, 'leading_group', '*', 'catalogue', 'read');
INSERT INTO public.role_permission VALUES (213, 1, 'leading_group', '*', 'community_fund', 'read');
INSERT INTO public.role_permission VALUES (214, 1, 'leading_group', '*', 'community_profile', 'read');
INSERT INTO public.role_permission VALUES (215, 1, 'leading_group', '*', 'donation', 'read');
INSERT INTO public.role_permission VALUES (216, 1, 'leading_group', '*', 'indicator', 'read');
INSERT INTO public.role_permission VALUES (217, 1, 'leading_group', '*', 'region', 'read');
INSERT INTO public.role_permission VALUES (218, 1, 'leading_group', '*', 'service_record', 'read');
INSERT INTO public.role_permission VALUES (219, 1, 'leading_group', '*', 'social_organization', 'read');
INSERT INTO public.role_permission VALUES (220, 1, 'leading_group', '*', 'social_worker', 'read');
INSERT INTO public.role_permission VALUES (221, 1, 'leading_group', '*', 'target', 'read');
INSERT INTO public.role_permission VALUES (222, 1, 'leading_group', '*', 'volunteer', 'read');
INSERT INTO public.role_permission VALUES (223, 1, 'leading_group', '*', 'volunteer_team', 'read');
INSERT INTO public.role_permission VALUES (224, 1, 'civil_affairs_office', '*', 'activity', 'read');
INSERT INTO public.role_permission VALUES (225, 1, 'civil_affairs_office', '*', 'catalogue', 'read');
INSERT INTO public.role_permission VALUES (226, 1, 'civil_affairs_office', '*', 'community_fund', 'read');
INSERT INTO public.role_permission VALUES (227, 1, 'civil_affairs_office', '*', 'community_profile', 'read');
INSERT INTO public.role_permission VALUES (228, 1, 'civil_affairs_office', '*', 'donation', 'read');
INSERT INTO public.role_permission VALUES (229, 1, 'civil_affairs_office', '*', 'form', 'read');
INSERT INTO public.role_permission VALUES (230, 1, 'civil_affairs_office', '*', 'form', 'review');
INSERT INTO public.role_permission VALUES (231, 1, 'civil_affairs_office', '*', 'indicator', 'read');
INSERT INTO public.role_permission VALUES (232, 1, 'civil_affairs_office', '*', 'region', 'read');
INSERT INTO public.role_permission VALUES (233, 1, 'civil_affairs_office', '*', 'rule', 'run');
INSERT INTO public.role_permission VALUES (234, 1, 'civil_affairs_office', '*', 'service_record', 'read');
INSERT INTO public.role_permission VALUES (235, 1, 'civil_affairs_office', '*', 'social_organization', 'read');
INSERT INTO public.role_permission VALUES (236, 1, 'civil_affairs_office', '*', 'social_worker', 'read');
INSERT INTO public.role_permission VALUES (237, 1, 'civil_affairs_office', '*', 'target', 'read');
INSERT INTO public.role_permission VALUES (238, 1, 'civil_affairs_office', '*', 'volunteer', 'read');
INSERT INTO public.role_permission VALUES (239, 1, 'civil_affairs_office', '*', 'volunteer_team', 'read');
INSERT INTO public.role_permission VALUES (240, 1, 'civil_affairs_office', 'community', 'case', 'read');
INSERT INTO public.role_permission VALUES (241, 1, 'civil_affairs_office', 'community', 'community_profile', 'update');
INSERT INTO public.role_permission VALUES (242, 1, 'civil_affairs_office', 'community', 'region', 'create');
INSERT INTO public.role_permission VALUES (243, 1, 'civil_affairs_office', 'community', 'region', 'update');
INSERT INTO public.role_permission VALUES (244, 1, 'civil_affairs_office', 'community', 'social_organization', 'create');
INSERT INTO public.role_permission VALUES (245, 1, 'civil_affairs_office', 'community', 'social_organization', 'update');
INSERT INTO public.role_permission VALUES (246, 1, 'civil_affairs_office', 'community', 'social_worker', 'create');
INSERT INTO public.role_permission VALUES (247, 1, 'civil_affairs_office', 'community', 'social_worker', 'update');
INSERT INTO public.role_permission VALUES (248, 1, 'civil_affairs_office', 'street', 'case', 'read');
INSERT INTO public.role_permission VALUES (249, 1, 'civil_affairs_office', 'street', 'region', 'update');
INSERT INTO public.role_permission VALUES (250, 1, 'civil_affairs_office', 'street', 'social_organization', 'create');
INSERT INTO public.role_permission VALUES (251, 1, 'civil_affairs_office', 'street', 'social_organization', 'update');
INSERT INTO public.role_permission VALUES (252, 1, 'civil_affairs_office', 'street', 'social_worker', 'create');
INSERT INTO public.role_permission VALUES (253, 1, 'civil_affairs_office', 'street', 'social_worker', 'update');
INSERT INTO public.role_permission VALUES (254, 1, 'social_security_office', '*', 'activity', 'read');
INSERT INTO public.role_permission VALUES (255, 1, 'social_security_office', '*', 'catalogue', 'read');
INSERT INTO public.role_permission VALUES (256, 1, 'social_security_office', '*', 'community_fund', 'read');
INSERT INTO public.role_permission VALUES (257, 1, 'social_security_office', '*', 'community_profile', 'read');
INSERT INTO public.role_permission VALUES (258, 1, 'social_security_office', '*', 'donation', 'read');
INSERT INTO public.role_permission VALUES (259, 1, 'social_security_office', '*', 'form', 'read');
INSERT INTO public.role_permission VALUES (260, 1, 'social_security_office', '*', 'form', 'review');
INSERT INTO public.role_permission VALUES (261, 1, 'social_security_office', '*', 'indicator', 'read');
INSERT INTO public.role_permission VALUES (262, 1, 'social_security_office', '*', 'region', 'read');
INSERT INTO public.role_permission VALUES (263, 1, 'social_security_office', '*', 'rule', 'run');
INSERT INTO public.role_permission VALUES (264, 1, 'social_security_office', '*', 'service_record', 'read');
INSERT INTO public.role_permission VALUES (265, 1, 'social_security_office', '*', 'social_organization', 'read');
INSERT INTO public.role_permission VALUES (266, 1, 'social_security_office', '*', 'social_worker', 'read');
INSERT INTO public.role_permission VALUES (267, 1, 'social_security_office', '*', 'target', 'read');
INSERT INTO public.role_permission VALUES (268, 1, 'social_security_office', '*', 'volunteer', 'read');
INSERT INTO public.role_permission VALUES (269, 1, 'social_security_office', '*', 'volunteer_team', 'read');
INSERT INTO public.role_permission VALUES (270, 1, 'social_security_office', 'community', 'case', 'read');
INSERT INTO public.role_permission VALUES (271, 1, 'social_security_office', 'community', 'community_profile', 'update');
INSERT INTO public.role_permission VALUES (272, 1, 'social_security_office', 'community', 'region', 'create');
INSERT INTO public.role_permission VALUES (273, 1, 'social_security_office', 'community', 'region', 'update');
INSERT INTO public.role_permission VALUES (274, 1, 'social_security_office', 'community', 'social_organization', 'create');
INSERT INTO public.role_permission VALUES (275, 1, 'social_security_office', 'community', 'social_organization', 'update');
INSERT INTO public.role_permission VALUES (276, 1, 'social_security_office', 'community', 'social_worker', 'create');
INSERT INTO public.role_permission VALUES (277, 1, 'social_security_office', 'community', 'social_worker', 'update');
INSERT INTO public.role_permission VALUES (278, 1, 'social_security_office', 'street', 'case', 'read');
INSERT INTO public.role_permission VALUES (279, 1, 'social_security_office', 'street', 'region', 'update');
INSERT INTO public.role_permission VALUES (280, 1, 'social_security_office', 'street', 'social_organization', 'create');
INSERT INTO public.role_permission VALUES (281, 1, 'social_security_office', 'street', 'social_organization', 'update');
INSERT INTO public.role_permission VALUES (282, 1, 'social_security_office', 'street', 'social_worker', 'create');
INSERT INTO public.role_permission VALUES (283, 1, 'social_security_office', 'street', 'social_worker', 'update');
INSERT INTO public.role_permission VALUES (284, 1, 'social_work_station', '*', 'activity', 'read');
INSERT INTO public.role_permission VALUES (285, 1, 'social_work_station', '*', 'catalogue', 'read');
INSERT INTO public.role_permission VALUES (286, 1, 'social_work_station', '*', 'community_fund', 'read');
INSERT INTO public.role_permission VALUES (287, 1, 'social_work_station', '*', 'community_profile', 'read');
INSERT INTO public.role_permission VALUES (288, 1, 'social_work_station', '*', 'donation', 'read');
INSERT INTO public.role_permission VALUES (289, 1, 'social_work_station', '*', 'form', 'read');
INSERT INTO public.role_permission VALUES (290, 1, 'social_work_station', '*', 'form', 'review');
INSERT INTO public.role_permission VALUES (291, 1, 'social_work_station', '*', 'indicator', 'read');
INSERT INTO public.role_permission VALUES (292, 1, 'social_work_station', '*', 'region', 'read');
INSERT INTO public.role_permission VALUES (293, 1, 'social_work_station', '*', 'service_record', 'read');
INSERT INTO public.role_permission VALUES (294, 1, 'social_work_station', '*', 'social_organization', 'read');
INSERT INTO public.role_permission VALUES (295, 1, 'social_work_station', '*', 'social_worker', 'read');
INSERT INTO public.role_permission VALUES (296, 1, 'social_work_station', '*', 'target', 'read');
INSERT INTO public.role_permission VALUES (297, 1, 'social_work_station', '*', 'volunteer', 'read');
INSERT INTO public.role_permission VALUES (298, 1, 'social_work_station', '*', 'volunteer_team', 'read');
INSERT INTO public.role_permission VALUES (299, 1, 'social_work_station', 'community', 'activity', 'create');
INSERT INTO public.role_permission VALUES (300, 1, 'social_work_station', 'community', 'activity', 'update');
INSERT INTO public.role_permission VALUES (301, 1, 'social_work_station', 'community', 'case', 'read');
INSERT INTO public.role_permission VALUES (302, 1, 'social_work_station', 'community', 'chongqing_consultation', 'resolve');
INSERT INTO public.role_permission VALUES (303, 1, 'social_work_station', 'community', 'donation', 'create');
INSERT INTO public.role_permission VALUES (304, 1, 'social_work_station', 'community', 'form', 'submit');
INSERT INTO public.role_permission VALUES (305, 1, 'social_work_station', 'community', 'personal_data', 'read_full');
INSERT INTO public.role_permission VALUES (306, 1, 'social_work_station', 'community', 'service_record', 'create');
INSERT INTO public.role_permission VALUES (307, 1, 'social_work_station', 'community', 'social_organization', 'create');
INSERT INTO public.role_permission VALUES (308, 1, 'social_work_station', 'community', 'social_organization', 'update');
INSERT INTO public.role_permission VALUES (309, 1, 'social_work_station', 'street', 'activity', 'create');
INSERT INTO public.role_permission VALUES (310, 1, 'social_work_station', 'street', 'activity', 'update');
INSERT INTO public.role_permission VALUES (311, 1, 'social_work_station', 'street', 'case', 'read');
INSERT INTO public.role_permission VALUES (312, 1, 'social_work_station', 'street', 'donation', 'create');
INSERT INTO public.role_permission VALUES (313, 1, 'social_work_station', 'street', 'form', 'submit');
INSERT INTO public.role_permission VALUES (314, 1, 'social_work_station', 'street', 'social_organization', 'create');
INSERT INTO public.role_permission VALUES (315, 1, 'social_work_station', 'street', 'social_organization', 'update');


--
-- Data for Name: service_record; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sign_in_throttle; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: social_organization; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.social_organization VALUES ('2019-05-01', NULL, 1, 1, 43, '2026-12-05 04:05:34.489515+00', '2026-12-05 04:05:34.489534+00', '正阳街道社会工作服务中心', 'social_work_agency', 'registered', '51500000MJP5000008', 5, 6, false, false, false, false, false, '2019-05-01');


--
-- Data for Name: social_worker; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.social_worker VALUES ('2026-12-05', NULL, 1, 1, 43, '2026-12-05 04:05:34.893929+00', '2026-12-05 04:05:34.893949+00', '王芳', 'intermediate', 'social_work_station', false, true, NULL, 'gAAAAABrE42OS6Igkc518G_Khnn45FHuvqLQ9lkNNmR1AqohuQzKw0i2YmLh1D6ng33UPRLiHE-qsVV-KFjjTNa5zYlbBYplHUrmxEXFdTS3aAL0fGFujqA=', '3b7130cd530e3c24a88b78a9e3335833b822638bd43e00c07fd979fafd61694d', '*****************X', NULL, NULL, 1949, 'female');


--
-- Data for Name: stock_snapshot; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: subtree_snapshot; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: subtree_summary; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.subtree_summary VALUES (2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (4, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (6, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (7, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (9, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (10, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (11, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (12, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (13, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (14, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (15, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (16, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (17, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (18, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (19, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (20, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (21, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (22, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (23, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (24, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (25, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (26, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (27, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (28, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (29, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (30, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (31, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (32, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (33, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (34, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (35, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (36, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (37, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (38, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (39, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (40, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (41, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (42, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (45, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (46, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (47, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (48, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2063902022672434497);
INSERT INTO public.subtree_summary VALUES (1, 0, 1, 5, 5, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 5, 0, 5, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 269243092607800376);
INSERT INTO public.subtree_summary VALUES (3, 0, 1, 5, 5, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 5, 0, 5, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 269243092607800376);
INSERT INTO public.subtree_summary VALUES (43, 0, 1, 5, 5, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 5, 0, 5, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 269243092607800376);
INSERT INTO public.subtree_summary VALUES (44, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 269243092607800376);


--
-- Data for Name: summary_stamp; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.summary_stamp VALUES (43, 1, 2919894868214424393);
INSERT INTO public.summary_stamp VALUES (44, 1, 956538958686220580);


--
-- Data for Name: target_verdict; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: tenant; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.tenant VALUES (1, 'chongqing', '重庆市', '{}', '2026-12-05 04:05:32.73901+00');


--
-- Data for Name: tenant_plugin; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.tenant_plugin VALUES (1, 1, 'chongqing', true);
INSERT INTO public.tenant_plugin VALUES (2, 1, 'qianjiang', true);


--
-- Data for Name: volunteer; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.volunteer VALUES ('2021-03-01', NULL, 1, 1, 44, '2026-12-05 04:05:34.966657+00', '2026-12-05 04:05:34.966677+00', '李明', false, '2021-03-01', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);


--
-- Data for Name: volunteer_team; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Name: activity_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.activity_id_seq', 1, false);


--
-- Name: app_user_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.app_user_id_seq', 1, true);


--
-- Name: audit_event_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_event_id_seq', 1, true);


--
-- Name: calendar_day_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.calendar_day_id_seq', 1, false);


--
-- Name: case_event_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.case_event_id_seq', 1, false);


--
-- Name: case_party_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.case_party_id_seq', 1, false);


--
-- Name: case_record_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.case_record_id_seq', 1, false);


--
-- Name: community_fund_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.community_fund_id_seq', 1, false);


--
-- Name: community_profile_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.community_profile_id_seq', 1, false);


--
-- Name: dispatch_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.dispatch_id_seq', 1, false);


--
-- Name: donation_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.donation_id_seq', 1, false);


--
-- Name: emergency_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.emergency_id_seq', 1, false);


--
-- Name: form_submission_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.form_submission_id_seq', 1, false);


--
-- Name: form_submission_value_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.form_submission_value_id_seq', 1, false);


--
-- Name: indicator_baseline_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.indicator_baseline_id_seq', 1, false);


--
-- Name: ledger_entry_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.ledger_entry_id_seq', 1, false);


--
-- Name: notification_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.notification_id_seq', 1, false);


--
-- Name: organization_member_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.organization_member_id_seq', 1, false);


--
-- Name: organization_sanction_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.organization_sanction_id_seq', 1, false);


--
-- Name: outbox_message_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.outbox_message_id_seq', 1, false);


--
-- Name: region_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.region_id_seq', 48, true);


--
-- Name: role_assignment_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.role_assignment_id_seq', 1, false);


--
-- Name: role_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.role_id_seq', 10, true);


--
-- Name: role_permission_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.role_permission_id_seq', 315, true);


--
-- Name: service_record_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.service_record_id_seq', 1, false);


--
-- Name: social_organization_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.social_organization_id_seq', 1, true);


--
-- Name: social_worker_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.social_worker_id_seq', 1, true);


--
-- Name: target_verdict_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.target_verdict_id_seq', 1, false);


--
-- Name: tenant_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tenant_id_seq', 1, true);


--
-- Name: tenant_plugin_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tenant_plugin_id_seq', 2, true);


--
-- Name: volunteer_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.volunteer_id_seq', 1, true);


--
-- Name: volunteer_team_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.volunteer_team_id_seq', 1, false);


--
-- Name: activity activity_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity
    ADD CONSTRAINT activity_pkey PRIMARY KEY (id);


--
-- Name: app_user app_user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_pkey PRIMARY KEY (id);


--
-- Name: app_user app_user_username_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_username_key UNIQUE (username);


--
-- Name: audit_event audit_event_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_pkey PRIMARY KEY (id);


--
-- Name: calendar_day calendar_day_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_day
    ADD CONSTRAINT calendar_day_pkey PRIMARY KEY (id);


--
-- Name: calendar_day calendar_day_tenant_id_day_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_day
    ADD CONSTRAINT calendar_day_tenant_id_day_key UNIQUE (tenant_id, day);


--
-- Name: case_event case_event_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_event
    ADD CONSTRAINT case_event_pkey PRIMARY KEY (id);


--
-- Name: case_party case_party_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_party
    ADD CONSTRAINT case_party_pkey PRIMARY KEY (id);


--
-- Name: case_record case_record_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_record
    ADD CONSTRAINT case_record_pkey PRIMARY KEY (id);


--
-- Name: community_fund community_fund_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.community_fund
    ADD CONSTRAINT community_fund_pkey PRIMARY KEY (id);


--
-- Name: community_profile community_profile_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.community_profile
    ADD CONSTRAINT community_profile_pkey PRIMARY KEY (id);


--
-- Name: community_profile community_profile_region_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.community_profile
    ADD CONSTRAINT community_profile_region_id_key UNIQUE (region_id);


--
-- Name: dispatch dispatch_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispatch
    ADD CONSTRAINT dispatch_pkey PRIMARY KEY (id);


--
-- Name: donation donation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.donation
    ADD CONSTRAINT donation_pkey PRIMARY KEY (id);


--
-- Name: emergency emergency_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.emergency
    ADD CONSTRAINT emergency_pkey PRIMARY KEY (id);


--
-- Name: form_submission form_submission_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_submission
    ADD CONSTRAINT form_submission_pkey PRIMARY KEY (id);


--
-- Name: form_submission_value form_submission_value_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_submission_value
    ADD CONSTRAINT form_submission_value_pkey PRIMARY KEY (id);


--
-- Name: form_submission_value form_submission_value_submission_id_path_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_submission_value
    ADD CONSTRAINT form_submission_value_submission_id_path_key UNIQUE (submission_id, path);


--
-- Name: indicator_baseline indicator_baseline_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.indicator_baseline
    ADD CONSTRAINT indicator_baseline_pkey PRIMARY KEY (id);


--
-- Name: indicator_baseline indicator_baseline_region_id_indicator_year_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.indicator_baseline
    ADD CONSTRAINT indicator_baseline_region_id_indicator_year_key UNIQUE (region_id, indicator, year);


--
-- Name: ledger_entry ledger_entry_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT ledger_entry_pkey PRIMARY KEY (id);


--
-- Name: notification notification_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_pkey PRIMARY KEY (id);


--
-- Name: organization_member organization_member_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_member
    ADD CONSTRAINT organization_member_pkey PRIMARY KEY (id);


--
-- Name: organization_member organization_member_user_id_organization_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_member
    ADD CONSTRAINT organization_member_user_id_organization_id_key UNIQUE (user_id, organization_id);


--
-- Name: organization_sanction organization_sanction_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_sanction
    ADD CONSTRAINT organization_sanction_pkey PRIMARY KEY (id);


--
-- Name: outbox_message outbox_message_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox_message
    ADD CONSTRAINT outbox_message_pkey PRIMARY KEY (id);


--
-- Name: platform_setting platform_setting_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.platform_setting
    ADD CONSTRAINT platform_setting_pkey PRIMARY KEY (key);


--
-- Name: policy_version policy_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.policy_version
    ADD CONSTRAINT policy_version_pkey PRIMARY KEY (id);


--
-- Name: region region_parent_id_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region
    ADD CONSTRAINT region_parent_id_code_key UNIQUE (parent_id, code);


--
-- Name: region region_path_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region
    ADD CONSTRAINT region_path_key UNIQUE (path);


--
-- Name: region region_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region
    ADD CONSTRAINT region_pkey PRIMARY KEY (id);


--
-- Name: region_summary region_summary_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region_summary
    ADD CONSTRAINT region_summary_pkey PRIMARY KEY (region_id);


--
-- Name: region_year_summary region_year_summary_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region_year_summary
    ADD CONSTRAINT region_year_summary_pkey PRIMARY KEY (region_id, year);


--
-- Name: revoked_token revoked_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revoked_token
    ADD CONSTRAINT revoked_token_pkey PRIMARY KEY (jti);


--
-- Name: role_assignment role_assignment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_assignment
    ADD CONSTRAINT role_assignment_pkey PRIMARY KEY (id);


--
-- Name: role_assignment role_assignment_user_id_role_id_region_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_assignment
    ADD CONSTRAINT role_assignment_user_id_role_id_region_id_key UNIQUE (user_id, role_id, region_id);


--
-- Name: role_permission role_permission_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permission
    ADD CONSTRAINT role_permission_pkey PRIMARY KEY (id);


--
-- Name: role_permission role_permission_tenant_id_role_code_tier_resource_action_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permission
    ADD CONSTRAINT role_permission_tenant_id_role_code_tier_resource_action_key UNIQUE (tenant_id, role_code, tier, resource, action);


--
-- Name: role role_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role
    ADD CONSTRAINT role_pkey PRIMARY KEY (id);


--
-- Name: role role_tenant_id_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role
    ADD CONSTRAINT role_tenant_id_code_key UNIQUE (tenant_id, code);


--
-- Name: service_record service_record_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_record
    ADD CONSTRAINT service_record_pkey PRIMARY KEY (id);


--
-- Name: service_record service_record_tenant_id_request_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_record
    ADD CONSTRAINT service_record_tenant_id_request_key_key UNIQUE (tenant_id, request_key);


--
-- Name: sign_in_throttle sign_in_throttle_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sign_in_throttle
    ADD CONSTRAINT sign_in_throttle_pkey PRIMARY KEY (kind, subject);


--
-- Name: social_organization social_organization_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.social_organization
    ADD CONSTRAINT social_organization_pkey PRIMARY KEY (id);


--
-- Name: social_organization social_organization_tenant_id_credit_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.social_organization
    ADD CONSTRAINT social_organization_tenant_id_credit_code_key UNIQUE (tenant_id, credit_code);


--
-- Name: social_worker social_worker_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.social_worker
    ADD CONSTRAINT social_worker_pkey PRIMARY KEY (id);


--
-- Name: social_worker social_worker_tenant_id_id_number_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.social_worker
    ADD CONSTRAINT social_worker_tenant_id_id_number_hash_key UNIQUE (tenant_id, id_number_hash);


--
-- Name: stock_snapshot stock_snapshot_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stock_snapshot
    ADD CONSTRAINT stock_snapshot_pkey PRIMARY KEY (day, region_id);


--
-- Name: subtree_snapshot subtree_snapshot_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subtree_snapshot
    ADD CONSTRAINT subtree_snapshot_pkey PRIMARY KEY (day, region_id);


--
-- Name: subtree_summary subtree_summary_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subtree_summary
    ADD CONSTRAINT subtree_summary_pkey PRIMARY KEY (region_id, year);


--
-- Name: summary_stamp summary_stamp_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_stamp
    ADD CONSTRAINT summary_stamp_pkey PRIMARY KEY (region_id);


--
-- Name: target_verdict target_verdict_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.target_verdict
    ADD CONSTRAINT target_verdict_pkey PRIMARY KEY (id);


--
-- Name: tenant tenant_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant
    ADD CONSTRAINT tenant_code_key UNIQUE (code);


--
-- Name: tenant tenant_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant
    ADD CONSTRAINT tenant_pkey PRIMARY KEY (id);


--
-- Name: tenant_plugin tenant_plugin_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_plugin
    ADD CONSTRAINT tenant_plugin_pkey PRIMARY KEY (id);


--
-- Name: tenant_plugin tenant_plugin_tenant_id_plugin_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_plugin
    ADD CONSTRAINT tenant_plugin_tenant_id_plugin_key UNIQUE (tenant_id, plugin);


--
-- Name: case_event uq_case_event_request_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_event
    ADD CONSTRAINT uq_case_event_request_key UNIQUE (tenant_id, request_key);


--
-- Name: ledger_entry uq_ledger_entry_case_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT uq_ledger_entry_case_key UNIQUE (case_id, entry_key);


--
-- Name: ledger_entry uq_ledger_entry_request_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT uq_ledger_entry_request_key UNIQUE (tenant_id, request_key);


--
-- Name: target_verdict uq_target_verdict; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.target_verdict
    ADD CONSTRAINT uq_target_verdict UNIQUE (region_id, plugin, scope, target_key, deadline);


--
-- Name: volunteer volunteer_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.volunteer
    ADD CONSTRAINT volunteer_pkey PRIMARY KEY (id);


--
-- Name: volunteer_team volunteer_team_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.volunteer_team
    ADD CONSTRAINT volunteer_team_pkey PRIMARY KEY (id);


--
-- Name: volunteer volunteer_tenant_id_id_number_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.volunteer
    ADD CONSTRAINT volunteer_tenant_id_id_number_hash_key UNIQUE (tenant_id, id_number_hash);


--
-- Name: ix_activity_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_activity_case_id ON public.activity USING btree (case_id);


--
-- Name: ix_activity_held_on; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_activity_held_on ON public.activity USING btree (held_on);


--
-- Name: ix_activity_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_activity_region_id ON public.activity USING btree (region_id);


--
-- Name: ix_activity_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_activity_tenant_id ON public.activity USING btree (tenant_id);


--
-- Name: ix_app_user_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_app_user_tenant_id ON public.app_user USING btree (tenant_id);


--
-- Name: ix_audit_event_action; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_event_action ON public.audit_event USING btree (action);


--
-- Name: ix_audit_event_actor; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_event_actor ON public.audit_event USING btree (actor);


--
-- Name: ix_audit_event_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_event_tenant_id ON public.audit_event USING btree (tenant_id);


--
-- Name: ix_calendar_day_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_calendar_day_tenant_id ON public.calendar_day USING btree (tenant_id);


--
-- Name: ix_case_event_actor_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_event_actor_user_id ON public.case_event USING btree (actor_user_id);


--
-- Name: ix_case_event_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_event_case_id ON public.case_event USING btree (case_id);


--
-- Name: ix_case_event_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_event_tenant_id ON public.case_event USING btree (tenant_id);


--
-- Name: ix_case_party_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_party_case_id ON public.case_party USING btree (case_id);


--
-- Name: ix_case_party_organization; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_party_organization ON public.case_party USING btree (organization_id, case_id);


--
-- Name: ix_case_party_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_party_tenant_id ON public.case_party USING btree (tenant_id);


--
-- Name: ix_case_party_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_party_user ON public.case_party USING btree (user_id, case_id);


--
-- Name: ix_case_record_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_record_due ON public.case_record USING btree (tenant_id, due_on);


--
-- Name: ix_case_record_open; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_record_open ON public.case_record USING btree (region_id, terminal, due_on);


--
-- Name: ix_case_record_parent_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_record_parent_id ON public.case_record USING btree (parent_id);


--
-- Name: ix_case_record_queue; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_record_queue ON public.case_record USING btree (tenant_id, case_type, state);


--
-- Name: ix_case_record_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_record_region_id ON public.case_record USING btree (region_id);


--
-- Name: ix_case_record_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_case_record_tenant_id ON public.case_record USING btree (tenant_id);


--
-- Name: ix_community_fund_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_community_fund_region_id ON public.community_fund USING btree (region_id);


--
-- Name: ix_community_fund_region_valid_from; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_community_fund_region_valid_from ON public.community_fund USING btree (region_id, valid_from);


--
-- Name: ix_community_fund_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_community_fund_tenant_id ON public.community_fund USING btree (tenant_id);


--
-- Name: ix_community_profile_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_community_profile_tenant_id ON public.community_profile USING btree (tenant_id);


--
-- Name: ix_dispatch_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_dispatch_region_id ON public.dispatch USING btree (region_id);


--
-- Name: ix_dispatch_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_dispatch_tenant_id ON public.dispatch USING btree (tenant_id);


--
-- Name: ix_donation_fund_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_donation_fund_id ON public.donation USING btree (fund_id);


--
-- Name: ix_donation_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_donation_region_id ON public.donation USING btree (region_id);


--
-- Name: ix_donation_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_donation_tenant_id ON public.donation USING btree (tenant_id);


--
-- Name: ix_emergency_ends_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_emergency_ends_at ON public.emergency USING btree (ends_at);


--
-- Name: ix_emergency_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_emergency_region_id ON public.emergency USING btree (region_id);


--
-- Name: ix_emergency_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_emergency_tenant_id ON public.emergency USING btree (tenant_id);


--
-- Name: ix_form_submission_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_form_submission_case_id ON public.form_submission USING btree (case_id);


--
-- Name: ix_form_submission_form_key; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_form_submission_form_key ON public.form_submission USING btree (form_key);


--
-- Name: ix_form_submission_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_form_submission_region_id ON public.form_submission USING btree (region_id);


--
-- Name: ix_form_submission_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_form_submission_tenant_id ON public.form_submission USING btree (tenant_id);


--
-- Name: ix_form_submission_value_submission_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_form_submission_value_submission_id ON public.form_submission_value USING btree (submission_id);


--
-- Name: ix_form_submission_value_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_form_submission_value_tenant_id ON public.form_submission_value USING btree (tenant_id);


--
-- Name: ix_indicator_baseline_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_indicator_baseline_region_id ON public.indicator_baseline USING btree (region_id);


--
-- Name: ix_indicator_baseline_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_indicator_baseline_tenant_id ON public.indicator_baseline USING btree (tenant_id);


--
-- Name: ix_ledger_entry_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_ledger_entry_account ON public.ledger_entry USING btree (tenant_id, account);


--
-- Name: ix_ledger_entry_case_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_ledger_entry_case_id ON public.ledger_entry USING btree (case_id);


--
-- Name: ix_ledger_entry_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_ledger_entry_region_id ON public.ledger_entry USING btree (region_id);


--
-- Name: ix_ledger_entry_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_ledger_entry_tenant_id ON public.ledger_entry USING btree (tenant_id);


--
-- Name: ix_notification_inbox; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notification_inbox ON public.notification USING btree (user_id, read_at);


--
-- Name: ix_notification_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notification_tenant_id ON public.notification USING btree (tenant_id);


--
-- Name: ix_organization_member_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_organization_member_organization_id ON public.organization_member USING btree (organization_id);


--
-- Name: ix_organization_member_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_organization_member_tenant_id ON public.organization_member USING btree (tenant_id);


--
-- Name: ix_organization_member_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_organization_member_user_id ON public.organization_member USING btree (user_id);


--
-- Name: ix_organization_sanction_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_organization_sanction_organization_id ON public.organization_sanction USING btree (organization_id);


--
-- Name: ix_organization_sanction_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_organization_sanction_tenant_id ON public.organization_sanction USING btree (tenant_id);


--
-- Name: ix_outbox_message_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_outbox_message_tenant_id ON public.outbox_message USING btree (tenant_id);


--
-- Name: ix_outbox_pending; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_outbox_pending ON public.outbox_message USING btree (delivered_at, id);


--
-- Name: ix_region_city_tier; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_region_city_tier ON public.region USING btree (city_id, tier);


--
-- Name: ix_region_community_tier; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_region_community_tier ON public.region USING btree (community_id, tier);


--
-- Name: ix_region_district_tier; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_region_district_tier ON public.region USING btree (district_id, tier);


--
-- Name: ix_region_parent_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_region_parent_id ON public.region USING btree (parent_id);


--
-- Name: ix_region_province_tier; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_region_province_tier ON public.region USING btree (province_id, tier);


--
-- Name: ix_region_street_tier; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_region_street_tier ON public.region USING btree (street_id, tier);


--
-- Name: ix_region_summary_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_region_summary_tenant_id ON public.region_summary USING btree (tenant_id);


--
-- Name: ix_region_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_region_tenant_id ON public.region USING btree (tenant_id);


--
-- Name: ix_region_tier; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_region_tier ON public.region USING btree (tier);


--
-- Name: ix_region_year_summary_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_region_year_summary_tenant_id ON public.region_year_summary USING btree (tenant_id);


--
-- Name: ix_revoked_token_expires_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_revoked_token_expires_at ON public.revoked_token USING btree (expires_at);


--
-- Name: ix_revoked_token_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_revoked_token_user_id ON public.revoked_token USING btree (user_id);


--
-- Name: ix_role_assignment_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_role_assignment_region_id ON public.role_assignment USING btree (region_id);


--
-- Name: ix_role_assignment_role_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_role_assignment_role_id ON public.role_assignment USING btree (role_id);


--
-- Name: ix_role_assignment_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_role_assignment_tenant_id ON public.role_assignment USING btree (tenant_id);


--
-- Name: ix_role_assignment_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_role_assignment_user_id ON public.role_assignment USING btree (user_id);


--
-- Name: ix_role_permission_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_role_permission_tenant_id ON public.role_permission USING btree (tenant_id);


--
-- Name: ix_role_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_role_tenant_id ON public.role USING btree (tenant_id);


--
-- Name: ix_service_record_activity_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_service_record_activity_id ON public.service_record USING btree (activity_id);


--
-- Name: ix_service_record_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_service_record_region_id ON public.service_record USING btree (region_id);


--
-- Name: ix_service_record_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_service_record_tenant_id ON public.service_record USING btree (tenant_id);


--
-- Name: ix_service_record_volunteer_day; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_service_record_volunteer_day ON public.service_record USING btree (volunteer_id, served_on);


--
-- Name: ix_sign_in_throttle_last_failure_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sign_in_throttle_last_failure_at ON public.sign_in_throttle USING btree (last_failure_at);


--
-- Name: ix_sign_in_throttle_locked_until; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sign_in_throttle_locked_until ON public.sign_in_throttle USING btree (locked_until);


--
-- Name: ix_sign_in_throttle_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sign_in_throttle_tenant_id ON public.sign_in_throttle USING btree (tenant_id);


--
-- Name: ix_social_organization_org_type; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_social_organization_org_type ON public.social_organization USING btree (org_type);


--
-- Name: ix_social_organization_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_social_organization_region_id ON public.social_organization USING btree (region_id);


--
-- Name: ix_social_organization_region_valid_from; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_social_organization_region_valid_from ON public.social_organization USING btree (region_id, valid_from);


--
-- Name: ix_social_organization_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_social_organization_tenant_id ON public.social_organization USING btree (tenant_id);


--
-- Name: ix_social_worker_certificate_level; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_social_worker_certificate_level ON public.social_worker USING btree (certificate_level);


--
-- Name: ix_social_worker_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_social_worker_region_id ON public.social_worker USING btree (region_id);


--
-- Name: ix_social_worker_region_valid_from; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_social_worker_region_valid_from ON public.social_worker USING btree (region_id, valid_from);


--
-- Name: ix_social_worker_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_social_worker_tenant_id ON public.social_worker USING btree (tenant_id);


--
-- Name: ix_stock_snapshot_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_stock_snapshot_tenant_id ON public.stock_snapshot USING btree (tenant_id);


--
-- Name: ix_subtree_snapshot_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_subtree_snapshot_tenant_id ON public.subtree_snapshot USING btree (tenant_id);


--
-- Name: ix_subtree_summary_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_subtree_summary_tenant_id ON public.subtree_summary USING btree (tenant_id);


--
-- Name: ix_summary_stamp_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_summary_stamp_tenant_id ON public.summary_stamp USING btree (tenant_id);


--
-- Name: ix_target_verdict_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_target_verdict_region_id ON public.target_verdict USING btree (region_id);


--
-- Name: ix_target_verdict_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_target_verdict_tenant_id ON public.target_verdict USING btree (tenant_id);


--
-- Name: ix_tenant_plugin_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tenant_plugin_tenant_id ON public.tenant_plugin USING btree (tenant_id);


--
-- Name: ix_volunteer_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_volunteer_region_id ON public.volunteer USING btree (region_id);


--
-- Name: ix_volunteer_region_valid_from; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_volunteer_region_valid_from ON public.volunteer USING btree (region_id, valid_from);


--
-- Name: ix_volunteer_team_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_volunteer_team_id ON public.volunteer USING btree (team_id);


--
-- Name: ix_volunteer_team_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_volunteer_team_region_id ON public.volunteer_team USING btree (region_id);


--
-- Name: ix_volunteer_team_region_valid_from; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_volunteer_team_region_valid_from ON public.volunteer_team USING btree (region_id, valid_from);


--
-- Name: ix_volunteer_team_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_volunteer_team_tenant_id ON public.volunteer_team USING btree (tenant_id);


--
-- Name: ix_volunteer_tenant_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_volunteer_tenant_id ON public.volunteer USING btree (tenant_id);


--
-- Name: audit_event audit_event_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_event_append_only BEFORE DELETE OR UPDATE OR TRUNCATE ON public.audit_event FOR EACH STATEMENT EXECUTE FUNCTION public.audit_event_append_only();


--
-- Name: case_event case_event_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER case_event_append_only BEFORE DELETE OR UPDATE OR TRUNCATE ON public.case_event FOR EACH STATEMENT EXECUTE FUNCTION public.case_event_append_only();


--
-- Name: ledger_entry ledger_entry_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ledger_entry_append_only BEFORE DELETE OR UPDATE OR TRUNCATE ON public.ledger_entry FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_entry_append_only();


--
-- Name: target_verdict target_verdict_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER target_verdict_append_only BEFORE DELETE OR UPDATE OR TRUNCATE ON public.target_verdict FOR EACH STATEMENT EXECUTE FUNCTION public.target_verdict_append_only();


--
-- Name: activity activity_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity
    ADD CONSTRAINT activity_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_record(id);


--
-- Name: activity activity_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity
    ADD CONSTRAINT activity_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.social_organization(id);


--
-- Name: activity activity_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity
    ADD CONSTRAINT activity_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: activity activity_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity
    ADD CONSTRAINT activity_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: app_user app_user_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: audit_event audit_event_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: calendar_day calendar_day_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_day
    ADD CONSTRAINT calendar_day_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: case_event case_event_acting_for_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_event
    ADD CONSTRAINT case_event_acting_for_fkey FOREIGN KEY (acting_for) REFERENCES public.social_organization(id);


--
-- Name: case_event case_event_actor_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_event
    ADD CONSTRAINT case_event_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES public.app_user(id);


--
-- Name: case_event case_event_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_event
    ADD CONSTRAINT case_event_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_record(id);


--
-- Name: case_event case_event_submission_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_event
    ADD CONSTRAINT case_event_submission_id_fkey FOREIGN KEY (submission_id) REFERENCES public.form_submission(id);


--
-- Name: case_event case_event_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_event
    ADD CONSTRAINT case_event_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: case_party case_party_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_party
    ADD CONSTRAINT case_party_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_record(id);


--
-- Name: case_party case_party_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_party
    ADD CONSTRAINT case_party_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.social_organization(id);


--
-- Name: case_party case_party_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_party
    ADD CONSTRAINT case_party_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: case_party case_party_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_party
    ADD CONSTRAINT case_party_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id);


--
-- Name: case_record case_record_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_record
    ADD CONSTRAINT case_record_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.case_record(id);


--
-- Name: case_record case_record_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_record
    ADD CONSTRAINT case_record_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: case_record case_record_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_record
    ADD CONSTRAINT case_record_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: community_fund community_fund_host_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.community_fund
    ADD CONSTRAINT community_fund_host_organization_id_fkey FOREIGN KEY (host_organization_id) REFERENCES public.social_organization(id);


--
-- Name: community_fund community_fund_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.community_fund
    ADD CONSTRAINT community_fund_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: community_fund community_fund_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.community_fund
    ADD CONSTRAINT community_fund_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: community_profile community_profile_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.community_profile
    ADD CONSTRAINT community_profile_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: community_profile community_profile_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.community_profile
    ADD CONSTRAINT community_profile_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: dispatch dispatch_emergency_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispatch
    ADD CONSTRAINT dispatch_emergency_id_fkey FOREIGN KEY (emergency_id) REFERENCES public.emergency(id);


--
-- Name: dispatch dispatch_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispatch
    ADD CONSTRAINT dispatch_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: dispatch dispatch_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispatch
    ADD CONSTRAINT dispatch_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: donation donation_fund_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.donation
    ADD CONSTRAINT donation_fund_id_fkey FOREIGN KEY (fund_id) REFERENCES public.community_fund(id);


--
-- Name: donation donation_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.donation
    ADD CONSTRAINT donation_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: donation donation_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.donation
    ADD CONSTRAINT donation_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: emergency emergency_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.emergency
    ADD CONSTRAINT emergency_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: emergency emergency_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.emergency
    ADD CONSTRAINT emergency_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: form_submission form_submission_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_submission
    ADD CONSTRAINT form_submission_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_record(id);


--
-- Name: form_submission form_submission_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_submission
    ADD CONSTRAINT form_submission_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: form_submission form_submission_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_submission
    ADD CONSTRAINT form_submission_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: form_submission_value form_submission_value_submission_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_submission_value
    ADD CONSTRAINT form_submission_value_submission_id_fkey FOREIGN KEY (submission_id) REFERENCES public.form_submission(id);


--
-- Name: form_submission_value form_submission_value_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.form_submission_value
    ADD CONSTRAINT form_submission_value_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: indicator_baseline indicator_baseline_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.indicator_baseline
    ADD CONSTRAINT indicator_baseline_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: indicator_baseline indicator_baseline_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.indicator_baseline
    ADD CONSTRAINT indicator_baseline_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: ledger_entry ledger_entry_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT ledger_entry_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_record(id);


--
-- Name: ledger_entry ledger_entry_event_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT ledger_entry_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.case_event(id);


--
-- Name: ledger_entry ledger_entry_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT ledger_entry_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: ledger_entry ledger_entry_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT ledger_entry_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: notification notification_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_record(id);


--
-- Name: notification notification_event_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.case_event(id);


--
-- Name: notification notification_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: notification notification_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id);


--
-- Name: organization_member organization_member_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_member
    ADD CONSTRAINT organization_member_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.social_organization(id);


--
-- Name: organization_member organization_member_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_member
    ADD CONSTRAINT organization_member_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: organization_member organization_member_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_member
    ADD CONSTRAINT organization_member_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id);


--
-- Name: organization_sanction organization_sanction_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_sanction
    ADD CONSTRAINT organization_sanction_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_record(id);


--
-- Name: organization_sanction organization_sanction_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_sanction
    ADD CONSTRAINT organization_sanction_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.social_organization(id);


--
-- Name: organization_sanction organization_sanction_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_sanction
    ADD CONSTRAINT organization_sanction_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: outbox_message outbox_message_notification_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox_message
    ADD CONSTRAINT outbox_message_notification_id_fkey FOREIGN KEY (notification_id) REFERENCES public.notification(id);


--
-- Name: outbox_message outbox_message_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox_message
    ADD CONSTRAINT outbox_message_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: region region_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region
    ADD CONSTRAINT region_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.region(id);


--
-- Name: region_summary region_summary_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region_summary
    ADD CONSTRAINT region_summary_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: region_summary region_summary_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region_summary
    ADD CONSTRAINT region_summary_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: region region_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region
    ADD CONSTRAINT region_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: region_year_summary region_year_summary_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region_year_summary
    ADD CONSTRAINT region_year_summary_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: region_year_summary region_year_summary_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.region_year_summary
    ADD CONSTRAINT region_year_summary_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: revoked_token revoked_token_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revoked_token
    ADD CONSTRAINT revoked_token_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id);


--
-- Name: role_assignment role_assignment_granted_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_assignment
    ADD CONSTRAINT role_assignment_granted_by_fkey FOREIGN KEY (granted_by) REFERENCES public.app_user(id);


--
-- Name: role_assignment role_assignment_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_assignment
    ADD CONSTRAINT role_assignment_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: role_assignment role_assignment_role_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_assignment
    ADD CONSTRAINT role_assignment_role_id_fkey FOREIGN KEY (role_id) REFERENCES public.role(id);


--
-- Name: role_assignment role_assignment_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_assignment
    ADD CONSTRAINT role_assignment_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: role_assignment role_assignment_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_assignment
    ADD CONSTRAINT role_assignment_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id);


--
-- Name: role_permission role_permission_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permission
    ADD CONSTRAINT role_permission_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: role role_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role
    ADD CONSTRAINT role_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: service_record service_record_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_record
    ADD CONSTRAINT service_record_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activity(id);


--
-- Name: service_record service_record_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_record
    ADD CONSTRAINT service_record_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: service_record service_record_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_record
    ADD CONSTRAINT service_record_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: service_record service_record_volunteer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_record
    ADD CONSTRAINT service_record_volunteer_id_fkey FOREIGN KEY (volunteer_id) REFERENCES public.volunteer(id);


--
-- Name: sign_in_throttle sign_in_throttle_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sign_in_throttle
    ADD CONSTRAINT sign_in_throttle_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: social_organization social_organization_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.social_organization
    ADD CONSTRAINT social_organization_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: social_organization social_organization_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.social_organization
    ADD CONSTRAINT social_organization_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: social_worker social_worker_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.social_worker
    ADD CONSTRAINT social_worker_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.social_organization(id);


--
-- Name: social_worker social_worker_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.social_worker
    ADD CONSTRAINT social_worker_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: social_worker social_worker_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.social_worker
    ADD CONSTRAINT social_worker_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: stock_snapshot stock_snapshot_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stock_snapshot
    ADD CONSTRAINT stock_snapshot_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id) ON DELETE CASCADE;


--
-- Name: stock_snapshot stock_snapshot_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stock_snapshot
    ADD CONSTRAINT stock_snapshot_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: subtree_snapshot subtree_snapshot_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subtree_snapshot
    ADD CONSTRAINT subtree_snapshot_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id) ON DELETE CASCADE;


--
-- Name: subtree_snapshot subtree_snapshot_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subtree_snapshot
    ADD CONSTRAINT subtree_snapshot_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: subtree_summary subtree_summary_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subtree_summary
    ADD CONSTRAINT subtree_summary_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id) ON DELETE CASCADE;


--
-- Name: subtree_summary subtree_summary_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subtree_summary
    ADD CONSTRAINT subtree_summary_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: summary_stamp summary_stamp_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_stamp
    ADD CONSTRAINT summary_stamp_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id) ON DELETE CASCADE;


--
-- Name: summary_stamp summary_stamp_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_stamp
    ADD CONSTRAINT summary_stamp_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: target_verdict target_verdict_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.target_verdict
    ADD CONSTRAINT target_verdict_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: target_verdict target_verdict_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.target_verdict
    ADD CONSTRAINT target_verdict_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: tenant_plugin tenant_plugin_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_plugin
    ADD CONSTRAINT tenant_plugin_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: volunteer volunteer_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.volunteer
    ADD CONSTRAINT volunteer_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: volunteer volunteer_team_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.volunteer
    ADD CONSTRAINT volunteer_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.volunteer_team(id);


--
-- Name: volunteer_team volunteer_team_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.volunteer_team
    ADD CONSTRAINT volunteer_team_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.social_organization(id);


--
-- Name: volunteer_team volunteer_team_region_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.volunteer_team
    ADD CONSTRAINT volunteer_team_region_id_fkey FOREIGN KEY (region_id) REFERENCES public.region(id);


--
-- Name: volunteer_team volunteer_team_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.volunteer_team
    ADD CONSTRAINT volunteer_team_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- Name: volunteer volunteer_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.volunteer
    ADD CONSTRAINT volunteer_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenant(id);


--
-- PostgreSQL database dump complete
--


