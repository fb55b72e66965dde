-- IP rules (identity.iprules). A company's allow- and deny-list of addresses and CIDR ranges, each rule for
-- one scope: ADMINS (employees holding a management function), EMPLOYEES (everyone), API_TOKENS
-- (requests carrying a bearer token, and the token endpoint's sign-in). The address is stored in the
-- canonical form the application wrote (IpRange): a single address without a prefix, or a network
-- address with its prefix length, so equal rules are equal strings and the unique key finds duplicates.

CREATE TABLE ip_rules (
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    id              uuid NOT NULL,
    action          varchar(8)  NOT NULL,
    address         varchar(64) NOT NULL,
    scope           varchar(16) NOT NULL,
    note            varchar(200),
    created_by      uuid,
    created_by_name varchar(254),
    created_at      timestamp with time zone NOT NULL,
    updated_at      timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT ip_rules_rule_uq UNIQUE (tenant_id, scope, action, address),
    CONSTRAINT ip_rules_action_ck CHECK (action IN ('ALLOW', 'DENY')),
    CONSTRAINT ip_rules_scope_ck CHECK (scope IN ('ADMINS', 'EMPLOYEES', 'API_TOKENS'))
);

-- The provider-wide deny-list: applies to every company's sign-ins and API requests. Platform data, not a
-- company's, like ip_guards; written only by provider operators.
CREATE TABLE ip_deny_list (
    id              uuid PRIMARY KEY,
    address         varchar(64) NOT NULL,
    note            varchar(200),
    created_by      uuid,
    created_by_name varchar(254),
    created_at      timestamp with time zone NOT NULL,
    updated_at      timestamp with time zone NOT NULL,
    CONSTRAINT ip_deny_list_address_uq UNIQUE (address)
);

-- One row per list (a company's rules, or the provider's deny-list under the provider's tenant id), locked
-- FOR UPDATE by every change: concurrent changes are serialized, so the rule count limit, the duplicate
-- check and the self-lockout check each see the list as it will be written.
CREATE TABLE ip_rule_lists (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    list       varchar(16) NOT NULL,
    version    bigint NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, list),
    CONSTRAINT ip_rule_lists_list_ck CHECK (list IN ('TENANT', 'PROVIDER_DENY'))
);
