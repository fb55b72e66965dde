-- SAML 2.0 single sign-on (identity.saml): Fortel is the service provider, the company's identity provider signs people
-- in. Everything is per company.

-- The service provider's own signing key and certificate, made the first time the company looks at its SP metadata, so
-- that the IdP can be registered before Fortel is told about it. The private key is sealed with the company's data key.
CREATE TABLE saml_sp_keys (
    tenant_id   uuid PRIMARY KEY REFERENCES tenants (id),
    private_key text NOT NULL,
    cert_pem    text NOT NULL,
    created_at  timestamp with time zone NOT NULL
);

-- The company's identity provider as its metadata gave it, and how its assertions map onto employees.
CREATE TABLE saml_providers (
    tenant_id        uuid PRIMARY KEY REFERENCES tenants (id),
    enabled          boolean NOT NULL,
    idp_entity_id    varchar(1000) NOT NULL,
    sso_url          varchar(2000) NOT NULL,
    slo_url          varchar(2000),
    idp_certs        text NOT NULL,
    metadata_url     varchar(2000),
    metadata_xml     text NOT NULL,
    jit              boolean NOT NULL,
    sso_only         boolean NOT NULL,
    email_attr       varchar(200),
    name_attr        varchar(200),
    phone_attr       varchar(200),
    groups_attr      varchar(200),
    created_at       timestamp with time zone NOT NULL,
    updated_at       timestamp with time zone NOT NULL
);

-- E-mail domains whose people sign in through the company's IdP. A domain belongs to one company at most: the sign-in
-- page finds the company by it before anyone is known.
CREATE TABLE saml_domains (
    domain     varchar(253) PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES tenants (id)
);
CREATE INDEX saml_domains_tenant_ix ON saml_domains (tenant_id);

-- Which values of the IdP's groups attribute give which roles.
CREATE TABLE saml_group_roles (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    group_name varchar(500) NOT NULL,
    role       varchar(32) NOT NULL,
    PRIMARY KEY (tenant_id, group_name, role)
);

-- Employees who signed in through the IdP, with the roles its groups gave them last time, so that the next sign-in
-- replaces only those and roles given by hand stay.
CREATE TABLE saml_accounts (
    tenant_id    uuid NOT NULL,
    employee_id  uuid NOT NULL,
    name_id      varchar(1000) NOT NULL,
    roles        varchar(1000) NOT NULL,
    signed_in_at timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, employee_id),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);

-- AuthnRequests Fortel sent and not yet seen answered: a response that names an InResponseTo must name one of these, of
-- the same company, within its lifetime, and only once.
CREATE TABLE saml_requests (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    id         varchar(100) NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- Assertion ids already consumed, kept until the assertion expires: the same assertion posted again is a replay.
CREATE TABLE saml_replays (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    assertion_id varchar(200) NOT NULL,
    expires_at   timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, assertion_id)
);
CREATE INDEX saml_replays_expiry_ix ON saml_replays (expires_at);
CREATE INDEX saml_requests_expiry_ix ON saml_requests (expires_at);
