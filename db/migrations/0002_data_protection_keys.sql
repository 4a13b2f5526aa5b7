-- The ASP.NET Core Data Protection key ring, shared by every process using this database.
-- Rows are only ever added: deleting a key makes every payload protected under it unreadable for good.
CREATE TABLE wix_data_protection_keys (
    id            serial      PRIMARY KEY,
    friendly_name text        NOT NULL UNIQUE,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
