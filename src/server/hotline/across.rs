//! The hotline's views over all its estates at once: a request asked of every estate the
//! caller serves, the answers put together — case listings merged in the view's order with
//! each row's estate, counts added, the staff named once.

use super::router::{self, Answer};
use super::HotlineRoutes;
use crate::domain::{DeskError, Field, RequestId};
use crate::protocol::{req, Reply, Request};

impl HotlineRoutes {
    /// `request` asked of every estate whose staff the caller is on, each answer with its
    /// estate's code. Refused only when no estate would answer (the first refusal given).
    fn ask_each(
        &mut self,
        id: u64,
        request_id: RequestId,
        request: Request,
    ) -> Result<Vec<(String, Reply)>, DeskError> {
        let mut answers = Vec::new();
        let mut refusal = None;
        for i in 0..self.estates.len() {
            let code = self.estates[i].0.code.clone();
            match router::route(self.conn_to(i), id, request_id, request.clone()) {
                Answer::Now(Ok(reply)) => answers.push((code, reply)),
                // Not on this estate's staff: the estate is not the caller's to see.
                Answer::Now(Err(e @ DeskError::NotRegistered(_))) => {
                    refusal.get_or_insert(e);
                }
                Answer::Now(Err(e)) => return Err(e),
                Answer::Later => {
                    return Err(DeskError::internal(
                        crate::domain::refusal::SystemRefusal::Internal {
                            detail: crate::domain::refusal::Detail(
                                "a listing across estates answered later".to_string(),
                            ),
                        },
                    ))
                }
            }
        }
        match (answers.is_empty(), refusal) {
            (true, Some(refused)) => Err(refused),
            _ => Ok(answers),
        }
    }

    /// A case listing over every estate the caller serves, each row naming its estate, in
    /// the view's own order (the deadline board by the nearest deadline, the rest newest
    /// first); `limit` rows in all. A next page is an estate's: `after` needs `--estate`.
    pub(super) fn case_list_across(
        &mut self,
        id: u64,
        request_id: RequestId,
        r: req::CaseList,
    ) -> Result<Reply, DeskError> {
        if r.filter.after.is_some() {
            return Err(DeskError::invalid(
                Field::After,
                crate::domain::refusal::DeskRefusal::PageOneEstate {},
            ));
        }
        let by_deadline = r.filter.view == Some(crate::domain::case::CaseView::Deadlines);
        let limit = r.filter.limit;
        let mut page = crate::protocol::CasePage::default();
        for (code, reply) in self.ask_each(id, request_id, Request::CaseList(r))? {
            if let Reply::Cases(p) = reply {
                page.more |= p.more;
                page.rows.extend(p.rows.into_iter().map(|mut row| {
                    row.estate = Some(code.clone());
                    row
                }));
            }
        }
        if by_deadline {
            page.rows
                .sort_by_key(|row| (row.nearest.map(|d| d.1), row.registered_at));
        } else {
            page.rows
                .sort_by_key(|row| std::cmp::Reverse(row.registered_at));
        }
        let limit = if limit == 0 { 200 } else { limit.min(2000) } as usize;
        page.more |= page.rows.len() > limit;
        page.rows.truncate(limit);
        Ok(Reply::Cases(page))
    }

    /// Everyone on the staff of an estate the caller serves, once each (the first estate's
    /// record of them): the names a screen over all the estates shows.
    pub(super) fn staff_across(
        &mut self,
        id: u64,
        request_id: RequestId,
        r: req::StaffList,
    ) -> Result<Reply, DeskError> {
        let mut seen = std::collections::HashSet::new();
        let mut all = Vec::new();
        for (_, reply) in self.ask_each(id, request_id, Request::StaffList(r))? {
            if let Reply::StaffList(list) = reply {
                all.extend(list.into_iter().filter(|s| seen.insert(s.uid)));
            }
        }
        Ok(Reply::StaffList(all))
    }

    /// The counts the status line and the Cases pane's tabs show, added over every estate
    /// the caller serves.
    pub(super) fn stats_across(
        &mut self,
        id: u64,
        request_id: RequestId,
        r: req::Stats,
    ) -> Result<Reply, DeskError> {
        let mut total = crate::protocol::Stats::default();
        for (_, reply) in self.ask_each(id, request_id, Request::Stats(r))? {
            if let Reply::Stats(s) = reply {
                total.add(&s);
            }
        }
        Ok(Reply::Stats(total))
    }
}
