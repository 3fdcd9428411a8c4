//! Every action a key can trigger, declared once with its description in both languages.
//! Keymap values parse straight into `Command` (`snake_case` in TOML), so a typo in a keymap
//! file fails at load with its line; help and the command palette list `Command::ALL`.

use serde::Deserialize;

use super::i18n::{pick, Lang};

/// Each command with its one-line description in English and Simplified Chinese, for help,
/// the palette and the panes' hint lines.
macro_rules! commands {
    ($($(#[$m:meta])* $variant:ident => $en:literal, $zh:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Command {
            $($(#[$m])* $variant),+
        }

        impl Command {
            pub const ALL: &'static [Command] = &[$(Command::$variant),+];

            /// What the command does, in `lang`.
            pub fn describe(self, lang: Lang) -> &'static str {
                match self {
                    $(Command::$variant => pick(lang, $en, $zh)),+
                }
            }
        }
    };
}

commands! {
    // Global
    Quit => "Quit", "退出";
    ToggleHelp => "Show or hide this help", "显示或隐藏帮助";
    OpenPalette => "Command palette", "命令面板";
    Back => "Back out one level", "返回上一级";
    ShowLookup => "Lookup pane", "查询页";
    ShowIntake => "Intake pane", "受理页";
    ShowSchedule => "Schedule pane", "日程页";
    ShowCallbacks => "Callbacks pane", "回访页";
    ShowCases => "Cases pane", "工单页";
    ShowReports => "Reports pane (supervisors)", "报表页（主管）";
    ShowPaperwork => "Paperwork pane: permits, slips, visitors, loans, fees", "办事页：装修、放行、访客、借用、催缴";
    // The status bar's counts: straight into the matching view.
    ShowDeadlines => "Cases past or near a deadline", "时限看板";
    ShowMine => "My open cases", "我的工单";
    // The hotline: the next of its estates in view.
    CopySelection => "Copy the selected ticket, phone or number to your clipboard", "复制所选的工单号、电话或编号";
    NextEstate => "Hotline: the next estate in view", "热线：切换到下一个小区";
    NextPane => "Next pane", "下一页";
    PrevPane => "Previous pane", "上一页";
    // `noop` unbinds a key in a user keymap.
    Noop => "(unbound)", "（未绑定）";
    // Lists
    SelectNext => "Next row", "下一行";
    SelectPrev => "Previous row", "上一行";
    // Lookup
    FocusSearch => "Search box", "搜索框";
    OpenCustomer => "Open the resident's card", "打开住户卡片";
    EditCustomer => "Edit the resident's record (with a reason)", "修改住户资料（须填原因）";
    OpenUnit => "The unit's view: occupants, papers, history", "房屋视图：住户、资料、历史";
    VerifyCustomer => "Mark the record verified with the resident today", "标记住户资料今日已核对";
    ShowToVerify => "Records to verify, by building", "待核对住户，按楼栋";
    ShowDuplicates => "Likely duplicate residents, to merge (supervisors)", "疑似重复住户，可合并（主管）";
    SwapKept => "Swap which record is kept", "互换保留的记录";
    MergePair => "Merge the duplicate into the kept record", "将重复记录合并入保留记录";
    NewCase => "New case (for the open resident)", "新建工单（当前住户）";
    NewVisit => "New visit (for the open resident)", "新建上门预约（当前住户）";
    // Intake
    NextField => "Next field", "下一字段";
    PrevField => "Previous field", "上一字段";
    NextOption => "Next choice", "下一选项";
    PrevOption => "Previous choice", "上一选项";
    SaveCase => "Read the case back before saving", "复述确认后保存";
    Confirm => "Confirm / save / dispatch", "确认 / 保存 / 派单";
    // Schedule
    PrevDay => "Previous day", "前一天";
    NextDay => "Next day", "后一天";
    Today => "Today", "今天";
    MarkDone => "Mark the visit done with a report", "完成上门并填写报告";
    // Callbacks
    RecordSatisfied => "Record: satisfied", "记录：满意";
    RecordUnsatisfied => "Record: unsatisfied (reopens the case)", "记录：不满意（工单重开）";
    RecordUnreachable => "Record: unreachable", "记录：未接通";
    ToggleOnsite => "Toggle on-site", "切换：上门";
    ToggleSigned => "Toggle signed", "切换：已签字";
    Refresh => "Reload this pane", "刷新本页";
    // Cases
    ViewMine => "View: cases I own", "视图：我受理的";
    ViewHandling => "View: work sent to me or my department", "视图：派给我或本部门的";
    ViewDeadlines => "View: every open case by its nearest deadline", "视图：按最近时限";
    ViewEscalated => "View: escalated to me", "视图：升级给我的";
    ViewOpen => "View: all open cases (supervisors)", "视图：全部在办（主管）";
    OpenCase => "Open the case", "打开工单";
    ToggleSelect => "Mark or unmark the row", "标记/取消标记该行";
    BulkReassign => "Reassign the marked cases (supervisors)", "批量改派已标记工单（主管）";
    BulkEscalate => "Escalate the marked cases", "批量升级已标记工单";
    // Reports
    PrevPeriod => "previous", "上一期";
    NextPeriod => "next", "下一期";
    ReportDay => "day", "日报";
    ReportMonth => "month", "月报";
    ReportQuarter => "quarter", "季报";
    WriteReport => "write to file", "导出文件";
    ToggleSurvey => "survey / report", "满意度调查 / 报表";
    // Paperwork: the lists, and one command per transition
    PaperPermits => "decoration permits", "装修备案";
    PaperSlips => "release slips", "放行条";
    PaperVisitors => "visitors on site", "在场访客";
    PaperLoans => "keys, radios and covers", "钥匙对讲机与替岗";
    PaperFees => "fee reminders", "催缴";
    NewRecord => "new record", "新建";
    PermitApprove => "approve (supervisor)", "批准（主管）";
    PermitReject => "reject (supervisor)", "驳回（主管）";
    PermitWithdraw => "withdrawn by the owner", "业主撤回申请";
    PermitExtend => "extend ≤3 months (supervisor)", "延期≤3个月（主管）";
    PermitFinish => "works finished", "完工报验";
    InspectPass => "inspection passed", "验收合格";
    InspectFail => "inspection failed", "验收不合格";
    SignBack => "pass / item returned", "归还出入证/物品";
    PermitOccupied => "moved in on…", "入住日期";
    NeighbourSigned => "downstairs neighbour signed", "楼下邻居签字";
    PapersBack => "permit and receipt back", "交回许可证与押金收据";
    FileComplete => "file complete", "资料齐全";
    RefundDeposit => "refund the deposit", "退还押金";
    PrintPage => "print", "打印";
    LetOut => "out through the gate / leaves", "放行 / 离开";
    VoidSlip => "void the slip", "作废放行条";
    SignCover => "sign a cover hand-over", "登记替岗";
    LogReminder => "log a reminder", "记录催缴";
    // The case view's steps
    StepDispatch => "Dispatch to a department or @colleague", "派单给部门或 @同事";
    StepNote => "Add a note", "添加备注";
    StepAssist => "Join as assist", "加入协办";
    StepStart => "Start work", "开始处理";
    StepPromise => "Promise a handling time", "承诺处理时间";
    StepReply => "Reply to the resident (owner)", "答复住户（受理人）";
    StepEscalate => "Escalate to a supervisor or the director", "升级给主管或中心主任";
    StepResolve => "Resolve with cause and action (owner)", "办结：原因与整改（受理人）";
    StepClose => "Close (owner, after the callback)", "关闭（受理人，回访后）";
    StepTake => "Take department work", "领取部门工单";
    StepReassign => "Reassign to another owner (supervisors)", "改派受理人（主管）";

}

impl Command {
    /// The TOML spelling, e.g. `save_case`.
    pub fn name(self) -> String {
        let debug = format!("{self:?}");
        let mut out = String::new();
        for (i, c) in debug.chars().enumerate() {
            if c.is_ascii_uppercase() {
                if i > 0 {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nothing internal on the screen: no command describes itself with a rule id or a
    /// source line, in either language.
    #[test]
    fn no_command_description_shows_a_rule_id_or_a_source_line() {
        for &c in Command::ALL {
            for t in [c.describe(Lang::En), c.describe(Lang::Zh)] {
                assert_eq!(
                    crate::domain::text::internal_reference(t),
                    None,
                    "{c:?}: {t}"
                );
            }
        }
    }

    #[test]
    fn names_round_trip_through_serde() {
        for &c in Command::ALL {
            let parsed: Command =
                serde::Deserialize::deserialize(toml::Value::String(c.name())).unwrap();
            assert_eq!(parsed, c);
        }
    }
}
