-- One estate's desk, for every estate of a group, in one database. The estate comes first in
-- every key, child rows included. Columns hold what the database filters, orders, constrains
-- or indexes; `body` holds the record itself in the codec's envelope, as sled stores it.
-- Times that order rows are nanoseconds since the epoch (bigint), so that orders match the
-- records' own to the nanosecond; numbers and tickets sort bytewise (COLLATE "C").

CREATE TABLE estates (
    estate      text COLLATE "C" PRIMARY KEY,
    name        text NOT NULL,
    -- The estate's change counter: every writer locks this row first.
    last_seq    bigint NOT NULL DEFAULT 0,
    access_seq  bigint NOT NULL DEFAULT 0
);

CREATE TABLE customers (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    id          bigint NOT NULL,
    projection  bytea NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, id)
);

CREATE TABLE forwards (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    merged      bigint NOT NULL,
    kept        bigint NOT NULL,
    PRIMARY KEY (estate, merged)
);

CREATE TABLE moved_out (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    customer    bigint NOT NULL,
    PRIMARY KEY (estate, customer)
);

CREATE TABLE verifications (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    customer    bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, customer)
);

CREATE TABLE dwellings (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    building    bigint NOT NULL,
    unit        bigint NOT NULL,
    room        bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, building, unit, room)
);

CREATE TABLE cases (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    customer    bigint NOT NULL,
    seq         bigint NOT NULL,
    ticket      text COLLATE "C" NOT NULL,
    closed      boolean NOT NULL,
    version     bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, customer, seq),
    UNIQUE (estate, ticket)
);
CREATE INDEX cases_open ON cases (estate, customer, seq) WHERE NOT closed;

CREATE TABLE case_units (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    building    bigint NOT NULL,
    unit        bigint NOT NULL,
    room        bigint NOT NULL,
    customer    bigint NOT NULL,
    seq         bigint NOT NULL,
    PRIMARY KEY (estate, building, unit, room, customer, seq)
);
CREATE UNIQUE INDEX case_units_by_case ON case_units (estate, customer, seq);

CREATE TABLE case_months (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    month       bigint NOT NULL,
    customer    bigint NOT NULL,
    seq         bigint NOT NULL,
    PRIMARY KEY (estate, month, customer, seq)
);

CREATE TABLE callbacks (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    customer    bigint NOT NULL,
    id          bigint NOT NULL,
    due         bigint NOT NULL,
    pending     boolean NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, customer, id),
    UNIQUE (estate, id)
);
CREATE INDEX callbacks_due ON callbacks (estate, due, id) WHERE pending;

CREATE TABLE visits (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    customer    bigint NOT NULL,
    id          bigint NOT NULL,
    staff       bigint NOT NULL,
    start       bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, customer, id),
    UNIQUE (estate, id)
);
CREATE INDEX visits_by_time ON visits (estate, start, id);
CREATE INDEX visits_by_staff ON visits (estate, staff, start, id);

CREATE TABLE staff (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    uid         bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, uid)
);

CREATE TABLE counters (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    name        text COLLATE "C" NOT NULL,
    value       bigint NOT NULL,
    PRIMARY KEY (estate, name)
);

CREATE TABLE changes (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    seq         bigint NOT NULL,
    body        bytea NOT NULL,
    effects     bytea NOT NULL,
    PRIMARY KEY (estate, seq)
);

-- A request's stored reply: a retry is answered from here, never applied twice.
CREATE TABLE requests (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    uid         bigint NOT NULL,
    request_id  bytea NOT NULL,
    reply       bytea NOT NULL,
    PRIMARY KEY (estate, uid, request_id)
);

CREATE TABLE surveys (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    month       bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, month)
);

CREATE TABLE survey_responses (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    month       bigint NOT NULL,
    building    bigint NOT NULL,
    unit        bigint NOT NULL,
    room        bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, month, building, unit, room)
);

-- Paperwork by number; `open` marks what the desk's lists show (slips issued, visitors on
-- site, loans out, permits not closed).
CREATE TABLE papers (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    kind        "char" NOT NULL,
    no          text COLLATE "C" NOT NULL,
    building    bigint NOT NULL,
    unit        bigint NOT NULL,
    room        bigint NOT NULL,
    open        boolean NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, kind, no)
);
CREATE INDEX papers_open ON papers (estate, kind, no) WHERE open;
CREATE INDEX papers_by_unit ON papers (estate, building, unit, room, kind, no);

CREATE TABLE arrears (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    building    bigint NOT NULL,
    unit        bigint NOT NULL,
    room        bigint NOT NULL,
    kind        smallint NOT NULL,
    period_from bigint NOT NULL,
    period_to   bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, building, unit, room, kind, period_from, period_to)
);

CREATE TABLE reminders (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    building    bigint NOT NULL,
    unit        bigint NOT NULL,
    room        bigint NOT NULL,
    at          bigint NOT NULL,
    seq         bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, building, unit, room, at, seq)
);

CREATE TABLE covers (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    starts      bigint NOT NULL,
    seq         bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, starts, seq)
);

CREATE TABLE staging (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    token       bigint NOT NULL,
    line        bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, token, line)
);

CREATE TABLE pending_import (
    estate      text COLLATE "C" PRIMARY KEY REFERENCES estates,
    body        bytea NOT NULL
);

CREATE TABLE access_log (
    estate      text COLLATE "C" NOT NULL REFERENCES estates,
    seq         bigint NOT NULL,
    at          bigint NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (estate, seq)
);
