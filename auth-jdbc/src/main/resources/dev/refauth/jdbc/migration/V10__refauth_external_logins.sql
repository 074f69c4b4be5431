-- Logins that a sign-in at another provider began: its name (signing out ends its session too), and digests of the
-- person's subject and session id there, by which that provider's back-channel logout ends them. Digests only: the
-- values are the provider's, and nothing here signs anyone in. And, where the application calls the provider's APIs,
-- its tokens sealed (AES-GCM under a key derived from the signing key): unreadable without that key.
ALTER TABLE refauth_refresh_families ADD COLUMN external_provider VARCHAR(64);
ALTER TABLE refauth_refresh_families ADD COLUMN external_subject_key VARCHAR(64);
ALTER TABLE refauth_refresh_families ADD COLUMN external_session_key VARCHAR(64);
ALTER TABLE refauth_refresh_families ADD COLUMN external_kept VARCHAR(65536);
CREATE INDEX refauth_refresh_families_ext_subject ON refauth_refresh_families (external_subject_key);
CREATE INDEX refauth_refresh_families_ext_session ON refauth_refresh_families (external_session_key);
