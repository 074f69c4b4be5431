-- refauth schema, version 1: portable between H2 and PostgreSQL. Instants are epoch milliseconds.
CREATE TABLE refauth_accounts (
  id            VARCHAR(36)  PRIMARY KEY,
  tenant        VARCHAR(64)  NOT NULL,
  email         VARCHAR(320) NOT NULL,
  display_name  VARCHAR(200) NOT NULL,
  avatar        VARCHAR(1000),
  password_hash VARCHAR(512) NOT NULL,
  status        VARCHAR(16)  NOT NULL,
  created_at    BIGINT       NOT NULL,
  updated_at    BIGINT       NOT NULL,
  CONSTRAINT refauth_accounts_tenant_email UNIQUE (tenant, email)
);

CREATE TABLE refauth_account_permissions (
  account_id VARCHAR(36)  NOT NULL REFERENCES refauth_accounts (id) ON DELETE CASCADE,
  permission VARCHAR(256) NOT NULL,
  PRIMARY KEY (account_id, permission)
);

CREATE TABLE refauth_reset_tokens (
  token_hash VARCHAR(64) PRIMARY KEY,
  account_id VARCHAR(36) NOT NULL REFERENCES refauth_accounts (id) ON DELETE CASCADE,
  expires_at BIGINT      NOT NULL,
  used_at    BIGINT
);

CREATE TABLE refauth_throttle (
  throttle_key VARCHAR(400) PRIMARY KEY,
  failures     INT          NOT NULL,
  window_start BIGINT       NOT NULL,
  locked_until BIGINT
);

CREATE TABLE refauth_refresh_families (
  id              VARCHAR(64)  PRIMARY KEY,
  subject         VARCHAR(200) NOT NULL,
  tenant          VARCHAR(64),
  created_at      BIGINT       NOT NULL,
  absolute_expiry BIGINT       NOT NULL,
  current_hash    VARCHAR(64)  NOT NULL,
  previous_hash   VARCHAR(64),
  successor_token VARCHAR(128),
  grace_until     BIGINT       NOT NULL,
  last_used       BIGINT       NOT NULL,
  revoked         BOOLEAN      NOT NULL
);
CREATE INDEX refauth_refresh_families_subject ON refauth_refresh_families (subject);

CREATE TABLE refauth_refresh_tokens (
  token_hash VARCHAR(64) PRIMARY KEY,
  family_id  VARCHAR(64) NOT NULL REFERENCES refauth_refresh_families (id) ON DELETE CASCADE
);

CREATE TABLE refauth_sessions (
  id_hash         VARCHAR(64)  PRIMARY KEY,
  subject         VARCHAR(200) NOT NULL,
  tenant          VARCHAR(64),
  family_id       VARCHAR(64)  NOT NULL,
  created_at      BIGINT       NOT NULL,
  absolute_expiry BIGINT       NOT NULL,
  last_seen       BIGINT       NOT NULL
);
CREATE INDEX refauth_sessions_subject ON refauth_sessions (subject);
CREATE INDEX refauth_sessions_family ON refauth_sessions (family_id);

CREATE TABLE refauth_denylist (
  jti      VARCHAR(64) PRIMARY KEY,
  until_at BIGINT      NOT NULL
);

CREATE TABLE refauth_not_before (
  subject    VARCHAR(200) PRIMARY KEY,
  not_before BIGINT       NOT NULL
);
