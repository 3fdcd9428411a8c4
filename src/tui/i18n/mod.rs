//! Every piece of UI text, in English and Simplified Chinese: messages here, command
//! descriptions where each command is declared (`tui::command`). `Msg` is an
//! enum so a missing translation is a compile error, not a blank on screen. Templates use
//! `{}` placeholders filled in order by `fill`.

use crate::domain::callback::Outcome;
use crate::domain::case::{CaseKind, CaseStatus, Channel, Severity};
use crate::domain::visit::VisitKind;
use crate::domain::Tier;

pub use crate::words::Lang;

macro_rules! messages {
    ($($id:ident => $en:literal, $zh:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($id),+ }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$id),+];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$id, Lang::En) => $en, (Msg::$id, Lang::Zh) => $zh,)+
                }
            }
        }
    };
}

messages! {
    TabLookup => "Lookup", "查询";
    TabIntake => "Intake", "受理";
    TabSchedule => "Schedule", "日程";
    TabCallbacks => "Callbacks", "回访";
    TabCases => "Cases", "工单";
    TabReports => "Reports", "报表";
    TabPaperwork => "Paperwork", "办事";
    ReportWritten => "Report written: {}", "报表已导出：{}";
    ReportLoading => "Loading the report…", "正在生成报表…";
    ReportDay => "Daily report", "日报";
    ReportMonth => "Monthly report", "月报";
    ReportQuarter => "Quarterly report", "季报";
    ReportVersus => "change vs {}", "与 {} 比较";
    Copied => "Copied {} to your clipboard", "已复制 {} 到剪贴板";
    NothingToCopy => "Nothing selected to copy here", "这里没有可复制的内容";
    WindowTooSmall => "Make the window at least {}×{} (it is {}×{})", "请把窗口放大到至少 {}×{}（当前 {}×{}）";
    ReportVersusToDate => "to date, change vs the same days of {}", "至今，与 {} 同期比较";
    ReportCases => "Cases", "工单";
    ReportComplaints => "Complaints", "投诉";
    ReportNewRepeat => "new {}, repeat {}", "新 {}，重复 {}";
    ReportCallbackRate => "Callback rate", "回访率";
    ReportSatisfaction => "Satisfaction", "满意率";
    ReportOnsiteSigned => "On-site / signed", "上门 / 签字";
    ReportReopened => "Reopened", "回访重开";
    ReportByCategory => "By category", "按类别";
    ReportDaily => "Cases per day (peak {})", "每日工单（峰值 {}）";
    ReportPerDays => "Cases per {} days (peak {})", "每 {} 天工单（峰值 {}）";
    ReportStaff => "Staff", "员工";
    ReportReceived => "Received", "受理";
    ReportResolved => "Resolved", "办结";
    ReportOnTime => "On time", "按时率";
    SurveyNone => "No satisfaction survey to show. A supervisor opens a round in June or December: frontdesk survey open", "暂无满意度调查。主管于六月或十二月开启一轮：frontdesk survey open";
    SurveyTitle => "Satisfaction survey {}", "满意度调查 {}";
    SurveyCollecting => "collecting, {} working days left", "回收中，剩 {} 个工作日";
    SurveyOverdue => "collecting, PAST its deadline", "回收中，已超期";
    SurveyClosed => "closed {}", "{} 已结束";
    SurveyCoverage => "Coverage {}/{} (target 95%)", "覆盖 {}/{}（目标 95%）";
    SurveyReturn => "Valid return {}/{} (target 95%)", "有效回收 {}/{}（目标 95%）";
    SurveyDates => "Forms out {} · back by {} · statistics due {} · report due {}", "发放 {} · 回收截止 {} · 统计截止 {} · 报告截止 {}";
    SurveyTopics => "Average score by topic (1–5)", "各项平均分（1–5）";
    SurveyCases => "Low scores opened: {}", "低分已立工单：{}";
    ReportStaffTitle => "Per staff", "员工工作量与结果";
    ViewMineTab => "Mine", "我的";
    ViewHandlingTab => "Handling", "待处理";
    ViewDeadlinesTab => "Deadlines", "时限";
    ViewEscalatedTab => "Escalated", "升级";
    ViewOpenTab => "All open", "全部在办";
    FilterTitle => "Filter — words, kind: cat: sev: unit: staff:", "筛选 — 关键词、kind: cat: sev: unit: staff:";
    NoCases => "Nothing here.", "暂无工单。";
    MoreRows => "… more below: ↓ loads them, or narrow the filter", "…… 下方还有：按 ↓ 继续加载，或缩小筛选";
    CaseTitle => "Case {}", "工单 {}";
    ResidentLabel => "Resident", "住户";
    OwnerLabel => "Owner", "受理人";
    HandlerLabel => "Handler", "处理人";
    AssistsLabel => "Assists", "协办";
    StatusLabel => "Status", "状态";
    DeadlinesLabel => "Deadlines", "时限";
    PromisedLabel => "Promised", "承诺时间";
    EscalatedToLabel => "Escalated to {}, waiting on them", "已升级给 {}，等待处理";
    TimelineLabel => "Timeline", "处理记录";
    StepsLabel => "Steps", "操作";
    LeftLabel => "{} left", "剩 {}";
    OverdueBy => "{} OVERDUE", "已超 {}";
    ClockAcknowledge => "acknowledge", "确认";
    ClockDispatch => "dispatch", "派单";
    ClockRespond => "respond", "响应";
    ClockResolve => "resolve", "解决";
    ClockPromised => "promised", "承诺";
    FieldText => "Text", "内容";
    FieldDispatchTo => "To (department, or @login)", "派给（部门，或 @登录名）";
    FieldTo => "To (login)", "给（登录名）";
    FieldReason => "Reason", "原因";
    FieldName => "Name", "姓名";
    FieldPhones => "Phones (comma-separated)", "电话（逗号分隔）";
    FieldUnits => "Units (comma-separated)", "房号（逗号分隔）";
    FieldNotes => "Notes", "备注";
    FieldTier => "Tier (general/key/vip)", "等级（普通/重点/贵宾）";
    EditTitle => "Edit {} ({})", "修改 {}（{}）";
    EditHint => "Tab next field · Enter saves · Esc cancels · now {}; a tier change needs a supervisor", "Tab 下一项 · 回车保存 · Esc 取消 · 当前 {}；改等级需主管";
    Edited => "{} saved", "{} 已保存";
    EstateInView => "now serving {}: its cases, queues and counts", "当前小区：{}（工单、队列与统计均为本小区）";
    OneEstate => "this screen serves one estate", "本屏只服务一个小区";
    HintEdit => "{} edit", "{} 修改";
    HintUnit => "{} unit", "{} 房屋";
    HintVerify => "{} verified", "{} 已核对";
    VerifiedOn => "verified {} by {}", "{} 由 {} 核对";
    NeverVerified => "never verified — check the details with the resident", "从未核对 — 请与住户核对资料";
    VerifiedNow => "{} verified", "{} 已核对";
    ToVerifyTitle => "To verify: not confirmed in 90 days, by building", "待核对：90 天内未核对，按楼栋";
    DuplicatesTitle => "Likely duplicates — kept ⇐ duplicate · x swap · M merge (supervisors)", "疑似重复住户 — 保留 ⇐ 重复 · x 互换 · M 合并（主管）";
    NoDuplicates => "No likely duplicates.", "暂无疑似重复住户。";
    MergeTitle => "Merge {} into {}: Enter merges, Esc cancels", "将 {} 合并入 {}：回车合并，Esc 取消";
    Merged => "{} merged into {} {}", "{} 已合并入 {} {}";
    NeverVerifiedShort => "never verified", "从未核对";
    NothingToVerify => "Every record was verified within the quarter.", "所有住户资料本季度内均已核对。";
    HintPickOccupant => "{} pick", "{} 选择";
    HintOpenCard => "{} open card", "{} 打开住户卡片";
    UnitTitle => "Unit {} — occupants past and present", "房屋 {} — 历任住户";
    PapersTitle => "Move-in papers", "入伙资料";
    NobodyOnRecord => "Nobody on record for this unit.", "该房屋暂无住户记录。";
    MovedOut => "MOVED OUT", "已迁出";
    Since => "{} since {}", "{}，{} 起";
    NoMoveInRecorded => "listed on their record; no move-in recorded", "资料中登记此房号；无入住记录";
    FieldSummary => "Summary", "处理结果";
    FieldCause => "Cause", "原因分析";
    FieldAction => "Corrective action", "整改措施";
    FieldWhen => "When (YYYY-MM-DD HH:MM)", "时间（YYYY-MM-DD HH:MM）";
    StepDone => "{}: {}", "{}：{}";
    HintOpen => "{} open", "{} 打开";
    HintOpenCase => "{} open case", "{} 打开工单";
    HintMark => "{} mark", "{} 标记";
    DigestTitle => "Start of shift — your work today", "交班提要 — 今日待办";
    DigestCases => "My cases past or near a deadline", "我的工单：已超时或即将到期";
    DigestCallbacks => "My callbacks due today", "今日待回访";
    DigestVisits => "My visits today", "今日上门";
    DigestChanges => "Changed on my cases since I last closed the screen", "上次关闭后我的工单的变动";
    DigestMore => "… and {} more changes", "…… 另有 {} 条变动";
    DigestHint => "Enter goes to the item · Esc goes to Lookup · type to search a resident", "回车跳转 · Esc 进入查询 · 直接输入即可搜索住户";
    HintBulkReassign => "{} reassign marked", "{} 批量改派";
    HintBulkEscalate => "{} escalate marked", "{} 批量升级";
    MarkFirst => "Mark rows with Space first", "请先用空格键标记工单";
    BulkDone => "{} of {} done", "已完成 {}/{}";
    BulkReassignTitle => "Reassign {} marked cases", "改派 {} 件已标记工单";
    BulkEscalateTitle => "Escalate {} marked cases", "升级 {} 件已标记工单";
    HintFilter => "{} filter", "{} 筛选";
    PastSla => "past SLA", "超时";
    CallbacksDue => "callbacks due", "待回访";
    MyOpen => "my open", "我的在办";
    Reconnecting => "daemon gone — reconnecting… (your draft is kept)", "服务已断开，正在重新连接…（草稿已保留）";
    Reconnected => "reconnected", "已重新连接";
    NotRegistered => "not registered", "未登记";
    SearchTitle => "Search — name, pinyin, phone, unit, ticket", "搜索 — 姓名、拼音、电话、房号、工单";
    TypeToSearch => "Type a name, pinyin initials (zw), 4+ phone digits, a unit (3-2-1102) or a ticket", "输入姓名、拼音首字母（zw）、4 位以上电话、房号（3-2-1102）或工单号";
    NoMatches => "No resident matches", "没有匹配的住户";
    ColName => "Name", "姓名";
    ColUnit => "Unit", "房号";
    ColPhone => "Phone", "电话";
    ColTier => "Tier", "等级";
    Customer => "Resident", "住户";
    Timeline => "History, newest first", "历史记录（最新在前）";
    Repeat => "REPEAT", "重复";
    NoHistory => "No cases, visits or callbacks yet", "暂无工单、上门或回访记录";
    Notes => "Notes", "备注";
    HintNewCase => "{} new case", "{} 新建工单";
    HintNewVisit => "{} new visit", "{} 预约上门";
    HintBack => "{} back", "{} 返回";
    FieldResident => "Resident", "住户";
    FieldChannel => "Channel", "渠道";
    FieldKind => "Kind", "类型";
    FieldCategory => "Category", "类别";
    FieldSeverity => "Severity", "等级";
    FieldDescription => "Description", "描述";
    FieldSubject => "Complaint about (login)", "被投诉员工（登录名）";
    FieldPromised => "Promised time", "承诺时间";
    ResidentHint => "type to find; Tab takes the top match", "输入查找，Tab 选中第一条";
    PromisedHint => "like 2026-11-23 14:00", "例如 2026-11-23 14:00";
    ReportUnmapped => " ({} not on the list)", "（{} 件不在类别表中）";
    CategoryHint => "type to pick from the desk's list", "输入以从类别表中选择";
    CategoryListTitle => "Categories", "类别表";
    CategoryNoMatch => "nothing on the list matches; Backspace and try another word", "类别表中没有匹配项；请删改后再试";
    HintPick => "{} pick", "{} 选择";
    HintTake => "{} take", "{} 选定";
    IntakeTitle => "New case", "新建工单";
    HintFields => "{} fields", "{} 切换";
    HintChoose => "{} choose", "{} 选择";
    HintReadBack => "{} read back", "{} 复述确认";
    ReadBackTitle => "Read this back to the resident", "向住户复述确认";
    ReadBack => "{} of {} reports a {} ({}): “{}”. Severity {}. We acknowledge by {}, dispatch by {}, respond by {} and resolve by {}.", "{}（{}）反映{}（{}）：“{}”。等级 {}。{} 前确认受理，{} 前派单，{} 前响应，{} 前办结。";
    ReadBackPromise => " We promised service at {}.", "承诺服务时间：{}。";
    ReadBackSubject => " The complaint concerns staff member {}.", "投诉涉及员工 {}。";
    HintConfirmedSave => "{}: confirmed, save", "{} 确认保存";
    HintBackToEdit => "{}: back to edit", "{} 返回修改";
    SavedTicket => "Saved as {} — you own it (first responder)", "已保存为 {} — 由您负责到底（首问负责）";
    DispatchWithin => "Dispatch within {}", "须在 {} 内派单";
    DispatchLate => "Dispatch overdue by {}", "派单已超时 {}";
    DispatchTo => "Dispatch to (department, or @login)", "派单给（部门，或 @登录名）";
    DispatchedTo => "Dispatched to {}", "已派给 {}";
    HintDispatch => "{} dispatch", "{} 派单";
    HintBookVisit => "{} book a visit", "{} 预约上门";
    HintAnotherCase => "{} new case", "{} 新工单";
    HintToLookup => "{} lookup", "{} 返回查询";
    NeedResident => "choose a resident first (type a name, Tab)", "请先选择住户（输入姓名后按 Tab）";
    PickResident => "find the resident first: F2, type a name, phone or unit, ↓ to the row, then press the key again", "请先找到住户：F2，输入姓名、电话或房号，↓ 选中后再按此键";
    DispatchEmpty => "dispatch to: type a department (e.g. 工程部) or @login, then Enter", "派单给：输入部门（如 工程部）或 @登录名，再按 Enter";
    MinutesInvalid => "minutes: write the visit length as a whole number of minutes, e.g. 60", "时长：请填写整数分钟，例如 60";
    Offline => "offline", "已断开";
    WaitStandby => "Saving… waiting for the standby database to confirm; nothing is saved until it does", "正在保存…等待备用数据库确认，确认前不算保存成功";
    WaitDatabase => "Saving… the database is slow to answer; nothing is saved until it does", "正在保存…数据库响应缓慢，完成前不算保存成功";
    WaitReconnecting => "The database connection was lost: reconnecting; saves wait until it is back", "数据库连接中断，正在重新连接；恢复前暂时无法保存";
    SavesResume => "The database answers again: saves go through", "数据库已恢复，可以正常保存";
    ScheduleTitle => "Visits on {}", "{} 上门安排";
    NoVisits => "—", "—";
    HintDay => "{} day", "{} 换日";
    HintToday => "{} today", "{} 今天";
    HintBookNew => "{} new visit", "{} 新预约";
    HintDone => "{} done", "{} 完成";
    VisitFormTitle => "New visit", "新建上门预约";
    FieldStaff => "Staff (login)", "员工（登录名）";
    FieldVisitKind => "Kind", "类型";
    FieldStart => "Start (HH:MM)", "开始（时:分）";
    FieldMinutes => "Minutes", "时长（分钟）";
    FieldPurpose => "Purpose / what to bring", "目的 / 携带物品";
    FieldReport => "Report", "报告";
    HintSave => "{} save", "{} 保存";
    HintCancel => "{} cancel", "{} 取消";
    VisitDone => "done", "已完成";
    VisitSaved => "Visit {} booked", "已预约上门 {}";
    ReportSaved => "Visit {} done", "上门 {} 已完成";
    CallbacksTitle => "Callbacks, due first", "回访队列（按到期排序）";
    NoCallbacks => "Nothing to call back", "暂无待回访";
    Overdue => "OVERDUE", "已逾期";
    OnsiteRequired => "on-site + signature", "需上门签字";
    HintSatisfied => "{} satisfied", "{} 满意";
    HintUnsatisfied => "{} unsatisfied", "{} 不满意";
    HintUnreachable => "{} unreachable", "{} 未接通";
    HintOnsiteVisit => "{} book an on-site visit", "{} 预约上门回访";
    Recording => "Record {} for {}", "记录 {}：{}";
    Onsite => "on-site ({})", "上门（{}）";
    Signed => "signed ({})", "已签字（{}）";
    Note => "Note", "备注";
    Recorded => "Callback {} recorded", "回访 {} 已记录";
    HelpTitle => "Keys (from the active keymap) — Esc closes", "按键（当前键位）— Esc 关闭";
    PaletteTitle => "Command — type to filter, Enter runs", "命令 — 输入筛选，Enter 执行";
    KeymapProblem => "keymap: {} — using the defaults", "键位文件：{} — 已使用默认键位";
    Open => "open", "在办";
    StatusDispatch => "{} dispatch in {}", "{} 派单剩余 {}";
    StatusDispatchLate => "{} dispatch late by {}", "{} 派单超时 {}";
}

/// Fills `{}` placeholders in order.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    let mut args = args.iter();
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

pub fn kind_label(k: CaseKind, lang: Lang) -> &'static str {
    let (en, zh) = match k {
        CaseKind::Complaint => ("complaint", "投诉"),
        CaseKind::Repair => ("repair", "报修"),
        CaseKind::Inquiry => ("inquiry", "咨询"),
        CaseKind::Suggestion => ("suggestion", "建议"),
        CaseKind::Help => ("help request", "求助"),
    };
    pick(lang, en, zh)
}

pub fn channel_label(c: Channel, lang: Lang) -> &'static str {
    let (en, zh) = match c {
        Channel::Counter => ("counter", "前台来访"),
        Channel::Phone => ("phone", "电话"),
        Channel::Letter => ("letter", "信函"),
        Channel::Email => ("e-mail", "邮件"),
        Channel::Staff => ("via staff", "员工转达"),
    };
    pick(lang, en, zh)
}

pub fn severity_label(s: Severity, lang: Lang) -> &'static str {
    let (en, zh) = match s {
        Severity::L1 => ("L1 urgent", "L1 紧急"),
        Severity::L2 => ("L2 important", "L2 重要"),
        Severity::L3 => ("L3 general", "L3 一般"),
    };
    pick(lang, en, zh)
}

pub fn status_label(s: CaseStatus, lang: Lang) -> &'static str {
    let zh = match s {
        CaseStatus::Registered => "已登记",
        CaseStatus::Dispatched => "已派单",
        CaseStatus::InProgress => "处理中",
        CaseStatus::Escalated => "已升级",
        CaseStatus::Resolved => "已解决",
        CaseStatus::CallbackDone => "已回访",
        CaseStatus::Closed => "已关闭",
        CaseStatus::Reopened => "已重开",
        CaseStatus::AwaitingDecision => "待主管决定",
    };
    pick(lang, s.as_str(), zh)
}

pub fn visit_kind_label(k: VisitKind, lang: Lang) -> &'static str {
    let (en, zh) = match k {
        VisitKind::Repair => ("repair", "维修"),
        VisitKind::OnsiteCallback => ("on-site callback", "上门回访"),
        VisitKind::Courtesy => ("courtesy visit", "走访"),
    };
    pick(lang, en, zh)
}

pub fn outcome_label(o: Outcome, lang: Lang) -> &'static str {
    let (en, zh) = match o {
        Outcome::Satisfied => ("satisfied", "满意"),
        Outcome::Unsatisfied => ("unsatisfied", "不满意"),
        Outcome::Unreachable => ("unreachable", "未接通"),
    };
    pick(lang, en, zh)
}

pub fn role_label(r: crate::domain::Role, lang: Lang) -> &'static str {
    use crate::domain::Role;
    let zh = match r {
        Role::Clerk => "前台",
        Role::Supervisor => "主管",
        Role::Admin => "管理员",
        Role::Guard => "门卫",
    };
    pick(lang, r.as_str(), zh)
}

pub fn tier_label(t: Tier, lang: Lang) -> &'static str {
    let (en, zh) = match t {
        Tier::Vip => ("VIP", "贵宾"),
        Tier::Key => ("key", "重点"),
        Tier::General => ("general", "普通"),
    };
    pick(lang, en, zh)
}

pub fn pick(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// What the screen says while saves are held up (`None`: they go through again).
pub fn waiting(wait: Option<crate::domain::storage::Wait>) -> Msg {
    use crate::domain::storage::Wait;
    match wait {
        Some(Wait::Standby) => Msg::WaitStandby,
        Some(Wait::Database) => Msg::WaitDatabase,
        Some(Wait::Reconnecting) => Msg::WaitReconnecting,
        None => Msg::SavesResume,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages_with_the_same_placeholders() {
        for &m in Msg::ALL {
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(!en.is_empty() && !zh.is_empty(), "{m:?}");
            assert_eq!(en.matches("{}").count(), zh.matches("{}").count(), "{m:?}");
        }
    }

    /// Nothing internal on the screen: no rule id (`R-OPS-07`) and no source line
    /// (`000:589`) in any message, in either language (commands: `tui::command`).
    #[test]
    fn no_message_shows_a_rule_id_or_a_source_line() {
        let texts = Msg::ALL
            .iter()
            .flat_map(|m| [m.text(Lang::En), m.text(Lang::Zh)]);
        for t in texts {
            assert_eq!(crate::domain::text::internal_reference(t), None, "{t}");
        }
    }

    #[test]
    fn fill_replaces_in_order() {
        assert_eq!(fill("{} of {}", &["a", "b"]), "a of b");
        assert_eq!(fill("x {}", &[]), "x ");
    }

    #[test]
    fn lang_flag_wins_and_bad_values_are_named() {
        assert_eq!(Lang::choose(Some("zh")), Ok(Lang::Zh));
        assert!(Lang::choose(Some("fr")).unwrap_err().contains("--lang"));
    }
}
