//! Deterministic demo residents: mostly Chinese names drawn with real surname frequencies,
//! some Latin names, valid 11-digit mainland mobiles and unit codes. The same seed always
//! gives the same people, so screenshots, tests and benchmarks agree.

mod cases;
mod history;
pub mod paperwork;

pub use cases::cases;

use crate::domain::{NewCustomer, Tier};

/// The most common surnames with their approximate share of the population (per mille),
/// after the 2020 census tables; the tail is spread over the rest of the list.
const SURNAMES: &[(&str, u32)] = &[
    ("王", 71),
    ("李", 70),
    ("张", 67),
    ("刘", 54),
    ("陈", 45),
    ("杨", 31),
    ("黄", 22),
    ("赵", 20),
    ("吴", 20),
    ("周", 19),
    ("徐", 15),
    ("孙", 15),
    ("马", 13),
    ("朱", 13),
    ("胡", 12),
    ("郭", 12),
    ("何", 12),
    ("林", 11),
    ("高", 11),
    ("罗", 10),
    ("郑", 10),
    ("梁", 10),
    ("谢", 8),
    ("宋", 8),
    ("唐", 8),
    ("许", 7),
    ("韩", 7),
    ("邓", 7),
    ("冯", 7),
    ("曹", 7),
    ("彭", 6),
    ("曾", 6),
    ("肖", 6),
    ("田", 6),
    ("董", 5),
    ("潘", 5),
    ("袁", 5),
    ("蔡", 5),
    ("蒋", 5),
    ("余", 5),
    ("于", 5),
    ("杜", 5),
    ("叶", 5),
    ("程", 5),
    ("魏", 4),
    ("苏", 4),
    ("吕", 4),
    ("丁", 4),
    ("任", 4),
    ("卢", 4),
    ("姚", 4),
    ("沈", 4),
    ("钟", 4),
    ("姜", 4),
    ("崔", 4),
    ("谭", 4),
    ("陆", 4),
    ("范", 3),
    ("汪", 3),
    ("廖", 3),
    ("石", 3),
    ("金", 3),
    ("韦", 3),
    ("贾", 3),
    ("夏", 3),
    ("付", 3),
    ("方", 3),
    ("邹", 3),
    ("熊", 3),
    ("白", 3),
    ("孟", 3),
    ("秦", 3),
    ("邱", 3),
    ("侯", 3),
    ("江", 3),
    ("尹", 3),
    ("薛", 3),
    ("闫", 3),
    ("段", 3),
    ("雷", 3),
    ("龙", 2),
    ("黎", 2),
    ("史", 2),
    ("陶", 2),
    ("贺", 2),
    ("毛", 2),
    ("郝", 2),
    ("顾", 2),
    ("龚", 2),
    ("邵", 2),
    ("万", 2),
    ("覃", 2),
    ("武", 2),
    ("钱", 2),
    ("戴", 2),
    ("严", 2),
    ("欧阳", 1),
    ("司马", 1),
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "华", "飞", "玲", "建华", "红", "建国", "志强", "婷",
    "雪", "宇", "浩", "欣", "怡", "子涵", "梓轩", "雨", "鑫", "博", "文", "斌", "慧", "晨", "辉",
    "佳", "俊", "波", "东", "海", "燕", "萍", "鹏", "丹", "琳", "卫东", "凤",
];

const LATIN_FIRST: &[&str] = &[
    "John", "Mary", "David", "Anna", "Peter", "Laura", "Michael", "Sophie", "James", "Emma",
    "Daniel", "Olivia", "Thomas", "Chloe", "Lucas", "Mia",
];
const LATIN_LAST: &[&str] = &[
    "Smith", "Johnson", "Brown", "Miller", "Wilson", "Taylor", "Anderson", "Martin", "Lee",
    "Walker", "Young", "King", "Wright", "Scott", "Green", "Baker",
];

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "156", "157", "158", "159", "166", "176", "177", "180", "181", "185", "186", "187", "188",
    "189", "199",
];

/// What the demo needs of the desk it loads into.
pub struct DemoDesk<'a> {
    pub policy: &'a crate::domain::Policy,
    /// The operator, a clerk colleague, a supervisor and an engineer, in that order.
    pub staff: &'a [crate::domain::Staff],
    pub now: crate::domain::Time,
    pub seed: u64,
    /// Days of history before the recent cases (0: none).
    pub history_days: u32,
    /// The desk's next number of a series, drawn into the write set.
    pub numbers: &'a dyn Fn(
        &mut crate::store::WriteSet,
        crate::store::Counter,
    ) -> Result<u64, crate::domain::DeskError>,
}

/// R-INT-06: the time a demo resident is promised at intake, for the kinds the desk
/// promises: the resolve deadline of the case's severity, as a clerk would say it.
fn promise(
    policy: &crate::domain::Policy,
    kind: crate::domain::CaseKind,
    severity: crate::domain::Severity,
    at: crate::domain::Time,
) -> Option<crate::domain::Time> {
    let (_, resolve) = policy.windows(severity);
    policy
        .promise_kinds
        .contains(&kind)
        .then(|| policy.deadline(severity, at, resolve))
}

fn pick_surname(rng: &mut fastrand::Rng) -> &'static str {
    let total: u32 = SURNAMES.iter().map(|(_, w)| w).sum();
    let mut x = rng.u32(0..total);
    for (s, w) in SURNAMES {
        if x < *w {
            return s;
        }
        x -= w;
    }
    SURNAMES[0].0
}

/// `n` residents from `seed`. Resident `i` is the same for every `n > i`.
pub fn residents(n: usize, seed: u64) -> Vec<NewCustomer> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n).map(|_| resident(&mut rng)).collect()
}

fn resident(rng: &mut fastrand::Rng) -> NewCustomer {
    let name = if rng.u32(0..100) < 6 {
        format!(
            "{} {}",
            LATIN_FIRST[rng.usize(..LATIN_FIRST.len())],
            LATIN_LAST[rng.usize(..LATIN_LAST.len())]
        )
    } else {
        let mut n = pick_surname(rng).to_string();
        n.push_str(GIVEN[rng.usize(..GIVEN.len())]);
        if rng.u32(0..100) < 35 && n.chars().count() < 3 {
            n.extend(GIVEN[rng.usize(..GIVEN.len())].chars().take(1));
        }
        n
    };
    let phone = format!(
        "{}{:08}",
        MOBILE_PREFIXES[rng.usize(..MOBILE_PREFIXES.len())],
        rng.u32(0..100_000_000)
    );
    let unit = format!(
        "{}-{}-{}{:02}",
        rng.u32(1..=30),
        rng.u32(1..=4),
        rng.u32(1..=33),
        rng.u32(1..=4)
    );
    let tier = match rng.u32(0..100) {
        0..=2 => Tier::Vip,
        3..=14 => Tier::Key,
        _ => Tier::General,
    };
    NewCustomer {
        name,
        phones: vec![phone],
        units: vec![unit],
        tier,
        notes: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_valid_and_mostly_chinese() {
        let a = residents(500, 7);
        assert_eq!(a, residents(500, 7));
        assert_ne!(a, residents(500, 8));
        assert_eq!(residents(10, 7), a[..10].to_vec());
        for r in &a {
            let v = r.validate().expect("demo residents are valid");
            assert_eq!(v.phones[0].0.len(), 11);
        }
        let latin = a.iter().filter(|r| r.name.is_ascii()).count();
        assert!(latin > 5 && latin < 75, "{latin}");
        // 王, 李 and 张 are the most common surnames.
        let top = a
            .iter()
            .filter(|r| r.name.starts_with(['王', '李', '张']))
            .count();
        assert!(top > 60, "{top}");
    }
}
