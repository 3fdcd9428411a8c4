-- Isolation in the database: a role sees and changes only the rows of the estates granted
-- to it in `estate_roles` (an estate daemon's role: its estate; the hotline's: several).
-- The tables' owner (who applies migrations and runs `frontdesk estate …`) is not confined.

CREATE TABLE estate_roles (
    role        name NOT NULL,
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    PRIMARY KEY (role, estate)
);
ALTER TABLE estate_roles ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_grants ON estate_roles USING (role = current_user);
GRANT SELECT ON estate_roles TO PUBLIC;

ALTER TABLE estates ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON estates
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON customers
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE forwards ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON forwards
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE moved_out ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON moved_out
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE verifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON verifications
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE dwellings ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON dwellings
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON cases
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE case_units ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON case_units
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE case_months ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON case_months
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE callbacks ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON callbacks
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE visits ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON visits
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON staff
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE counters ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON counters
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON changes
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON requests
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE surveys ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON surveys
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE survey_responses ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON survey_responses
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE papers ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON papers
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE arrears ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON arrears
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE reminders ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON reminders
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE covers ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON covers
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE staging ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON staging
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE pending_import ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON pending_import
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
ALTER TABLE access_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_estate ON access_log
    USING (estate IN (SELECT estate FROM estate_roles WHERE role = current_user))
    WITH CHECK (estate IN (SELECT estate FROM estate_roles WHERE role = current_user));
