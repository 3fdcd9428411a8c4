-- Who listens for an estate's commits: each estate daemon's listening connection, by its
-- backend's pid. A commit notifies only when another daemon listens for its estate:
-- PostgreSQL signals every listening backend of the database on each NOTIFY, whatever its
-- channel, so a group whose estates each have one daemon (the usual case) signals nobody.
-- Rows of connections gone are cleared by the next daemon of the estate to listen; a row
-- left over costs a notification nobody hears, nothing more.
CREATE TABLE listeners (
    estate  text COLLATE "C" NOT NULL REFERENCES estates,
    pid     integer NOT NULL,
    PRIMARY KEY (estate, pid)
);
ALTER TABLE listeners ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON listeners
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
-- The roles already serving estates (granted before this table was there).
DO $$
DECLARE r name;
BEGIN
    FOR r IN SELECT DISTINCT role FROM estate_roles LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON listeners TO %I', r);
    END LOOP;
END $$;
