-- Phone calls the exchange announced, by the desk's running number, with the residents
-- whose phone it was: a resident's calls are one index scan.
CREATE TABLE calls (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    id          bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, id)
);
CREATE TABLE call_customers (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    customer    bigint NOT NULL,
    id          bigint NOT NULL,
    PRIMARY KEY (estate, customer, id)
);
ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON calls
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE call_customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON call_customers
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
-- The roles already serving estates (granted before these tables were there).
DO $$
DECLARE r name;
BEGIN
    FOR r IN SELECT DISTINCT role FROM estate_roles LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON calls, call_customers TO %I', r);
    END LOOP;
END $$;
