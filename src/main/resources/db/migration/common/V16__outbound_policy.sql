-- Where a company's outgoing calls may go (telephony.OutboundPolicies). No row: the provider's default (calls
-- within the default home country only). Countries are ISO 3166-1 alpha-2 codes, comma-separated.
CREATE TABLE outbound_policies (
    tenant_id          uuid PRIMARY KEY REFERENCES tenants (id),
    home_country       varchar(2) NOT NULL,
    allowed_countries  varchar(1000) NOT NULL,
    block_premium      boolean NOT NULL,
    updated_at         timestamp with time zone NOT NULL
);

-- A group may narrow the company's list for its members: a member may call a country only if the company
-- and every such group of theirs allow it.
CREATE TABLE outbound_group_policies (
    tenant_id          uuid NOT NULL,
    group_id           uuid NOT NULL,
    allowed_countries  varchar(1000) NOT NULL,
    PRIMARY KEY (tenant_id, group_id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES employee_groups (tenant_id, id) ON DELETE CASCADE
);
