# The desk's words in English. Arguments are named; `{ $field }` is a field's
# command-line name.

## How a refusal reads, by its kind.
kind-validation = { $field }: { $reason }
kind-forbidden = not allowed: { $reason }
kind-not-registered = { $reason }
kind-not-found = not found: { $reason }
kind-conflict = conflict: { $reason }
kind-too-large = too large: { $reason }
kind-storage-unavailable = storage unavailable: { $reason }
kind-protocol-mismatch = protocol mismatch: { $reason }
kind-superseded = superseded by a newer search
kind-internal = internal error: { $reason }
kind-too-many-requests = too many requests: { $reason }

## Refusals (domain::refusal), one per code.
refusal-said = { $text }
refusal-stale = { $what } was changed by someone else (now version { $current }, you edited version { $base }); reload and try again
refusal-not-staff-login = `{ $login }` is not a staff username; see `frontdesk staff list`
