//! Search tests: pinyin keys, exact digit and unit matching, and the index's ranking equal
//! to the exhaustive reference on a seeded corpus, query by query as it is typed.

use super::*;
use crate::domain::{CustomerSummary, NewCustomer, Tier};

fn rec(id: u64, name: &str, phone: &str, unit: &str) -> CustomerSummary {
    CustomerSummary {
        id: CustomerId(id),
        name: name.into(),
        phones: vec![phone.into()],
        units: vec![unit.into()],
        tier: Tier::General,
    }
}

fn small() -> Vec<CustomerSummary> {
    vec![
        rec(1, "张伟", "13800001102", "3-2-1102"),
        rec(2, "王芳", "13900002222", "5-1-302"),
        rec(3, "张卫东", "13700003333", "3-1-1102"),
        rec(4, "John Smith", "13600004444", "8-1-801"),
        rec(5, "张伟", "13500005555", "9-9-909"),
    ]
}

fn never() -> bool {
    false
}

fn ids(hits: &[Hit]) -> Vec<u64> {
    hits.iter().map(|h| h.id.0).collect()
}

#[test]
fn pinyin_initials_and_full_find_chinese_names() {
    let index = SearchIndex::build(small());
    for q in ["zw", "zhangw", "zhangwei", "张伟"] {
        let hits = index
            .search(&mut SearchState::default(), q, 10, &never)
            .unwrap();
        assert_eq!(hits[0].id, CustomerId(1), "{q}");
        let same_name: Vec<u64> = ids(&hits)
            .into_iter()
            .filter(|i| *i == 1 || *i == 5)
            .collect();
        assert_eq!(same_name, vec![1, 5], "same name, lower id first: {q}");
    }
    let hits = index
        .search(&mut SearchState::default(), "zw", 10, &never)
        .unwrap();
    assert_eq!(hits[0].name_hits, vec![0, 1]);
}

#[test]
fn digits_and_units_are_exact_not_fuzzy_and_mixed_queries_narrow() {
    let index = SearchIndex::build(small());
    let find = |q: &str| {
        let mut v = ids(&index
            .search(&mut SearchState::default(), q, 10, &never)
            .unwrap());
        v.sort();
        v
    };
    assert_eq!(find("2222"), vec![2]);
    assert_eq!(find("3-2-"), vec![1]);
    assert_eq!(find("3栋2单元1102"), vec![1]);
    assert_eq!(find("zw 1102"), vec![1, 3]);
    assert_eq!(find("smith"), vec![4]);
    assert!(find("9999").is_empty());
    // A full phone number is an exact match and ranks first.
    let hits = index
        .search(&mut SearchState::default(), "13900002222", 10, &never)
        .unwrap();
    assert_eq!(hits[0].score, EXACT);
    // Under four digits is not yet a phone key.
    assert!(find("110").is_empty());
}

/// How operators find a caller: initials and the last four digits. A phone that ends in
/// them ranks above one that merely holds them (`zb 8933`: 郑兵 189-5473-8933 before 张斌
/// 188-9336-8040), in the index and in the reference alike.
#[test]
fn the_last_four_digits_rank_a_phone_that_ends_in_them_first() {
    let people = vec![
        rec(1, "张斌", "18893368040", "1-1-101"),
        rec(2, "郑兵", "18954738933", "2-1-101"),
    ];
    let index = SearchIndex::build(people.clone());
    let hits = index
        .search(&mut SearchState::default(), "zb 8933", 10, &never)
        .unwrap();
    assert_eq!(ids(&hits), vec![2, 1]);
    let reference = Exhaustive::new(people).search("zb 8933", 10);
    assert_eq!(ids(&reference), vec![2, 1]);
}

/// Digits rank exact number > ending > beginning > inside, whatever the ids (which break
/// ties): `1893` is the whole of one phone, the end of another, the start of a third and
/// inside a fourth.
#[test]
fn digits_rank_the_whole_number_then_its_end_then_its_start_then_inside() {
    let people = vec![
        rec(1, "张斌", "13718930000", "1-1-101"),
        rec(2, "郑兵", "18933001234", "2-1-101"),
        rec(3, "周斌", "13700001893", "3-1-101"),
        rec(4, "赵兵", "1893", "4-1-101"),
    ];
    let index = SearchIndex::build(people.clone());
    let reference = Exhaustive::new(people);
    for q in ["1893", "zb 1893"] {
        let hits = index
            .search(&mut SearchState::default(), q, 10, &never)
            .unwrap();
        assert_eq!(ids(&hits), vec![4, 3, 2, 1], "{q}");
        assert_eq!(ids(&reference.search(q, 10)), vec![4, 3, 2, 1], "{q}");
    }
}

#[test]
fn new_and_changed_residents_are_findable_at_once_even_mid_typing() {
    let mut index = SearchIndex::build(small());
    let mut state = SearchState::default();
    assert!(ids(&index.search(&mut state, "liu", 10, &never).unwrap()).is_empty());
    index.upsert(&rec(9, "刘洋", "13100009999", "1-1-101"));
    assert_eq!(
        ids(&index.search(&mut state, "liuy", 10, &never).unwrap()),
        vec![9]
    );
    index.upsert(&rec(9, "刘阳", "13100008888", "1-1-102"));
    assert_eq!(
        ids(&index.search(&mut state, "8888", 10, &never).unwrap()),
        vec![9]
    );
    assert!(index
        .search(&mut state, "9999", 10, &never)
        .unwrap()
        .is_empty());
    assert_eq!(index.summary(CustomerId(9)).unwrap().units, vec!["1-1-102"]);
    // Out-of-order ids (an import with its own ids) still resolve.
    index.upsert(&rec(7, "赵敏", "13200007777", "2-2-202"));
    assert_eq!(index.summary(CustomerId(7)).unwrap().name, "赵敏");
    assert_eq!(index.summary(CustomerId(9)).unwrap().name, "刘阳");
}

#[test]
fn a_cancelled_search_returns_nothing() {
    let index = SearchIndex::build(small());
    assert!(index
        .search(&mut SearchState::default(), "zw", 10, &|| true)
        .is_none());
}

fn corpus(n: usize) -> Vec<CustomerSummary> {
    crate::demo::residents(n, 42)
        .into_iter()
        .enumerate()
        .map(|(i, c): (usize, NewCustomer)| {
            let v = c.validate().expect("demo residents are valid");
            CustomerSummary {
                id: CustomerId(i as u64 + 1),
                name: v.name,
                phones: v.phones.into_iter().map(|p| p.0).collect(),
                units: v.units.into_iter().map(|u| u.to_string()).collect(),
                tier: v.tier,
            }
        })
        .collect()
}

/// Queries as typed, key by key, like the lookup benchmark.
pub(crate) fn typed(queries: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for q in queries {
        let mut s = String::new();
        for ch in q.chars() {
            s.push(ch);
            out.push(s.clone());
        }
    }
    out
}

/// Residents with surnames read two ways, and compound surnames, for the ranking tests.
fn surnamed() -> Vec<CustomerSummary> {
    vec![
        rec(20_001, "单伟", "13811110001", "1-1-101"),
        rec(20_002, "曾静", "13811110002", "1-1-102"),
        rec(20_003, "解放", "13811110003", "1-1-103"),
        rec(20_004, "区志强", "13811110004", "1-1-104"),
        rec(20_005, "尉迟敬", "13811110005", "1-1-105"),
        rec(20_006, "欧阳娜", "13811110006", "1-1-106"),
        rec(20_007, "万俟丽", "13811110007", "1-1-107"),
    ]
}

#[test]
fn ranking_goes_by_match_class_then_score_then_the_shorter_name() {
    let index = SearchIndex::build(vec![
        rec(1, "张卫东", "13700003333", "3-1-1102"),
        rec(2, "李秀珍", "13900018663", "5-1-302"),
        rec(3, "李秀云", "13900028663", "5-1-303"),
        rec(4, "刘旭", "13900038663", "5-1-304"),
        rec(5, "张伟", "13800001102", "3-2-1102"),
    ]);
    let top = |q: &str| {
        index
            .search(&mut SearchState::default(), q, 10, &never)
            .unwrap()
            .first()
            .map(|h| h.id.0)
    };
    // `zw` is exactly 张伟's initials; 张卫东's are `zwd` (a prefix only).
    assert_eq!(top("zw"), Some(5));
    // `lx` is exactly 刘旭's initials; 李秀珍 and 李秀云 only start with it.
    assert_eq!(top("lx 8663"), Some(4));
    assert_eq!(top("lx"), Some(4));
    // A prefix of the name beats a fuzzy match; among equals the shorter name first.
    assert_eq!(top("zhangw"), Some(5));
}

#[test]
fn surnames_with_two_readings_are_found_by_both_and_compounds_by_their_own() {
    let index = SearchIndex::build(surnamed());
    let found = |q: &str| {
        ids(&index
            .search(&mut SearchState::default(), q, 10, &never)
            .unwrap())
    };
    for (q, id) in [
        ("shanwei", 20_001),
        ("danwei", 20_001),
        ("sw", 20_001),
        ("zengjing", 20_002),
        ("cengjing", 20_002),
        ("xiefang", 20_003),
        ("ouzhiqiang", 20_004),
        ("ozq", 20_004),
        ("yuchijing", 20_005),
        ("ouyangna", 20_006),
        ("moqili", 20_007),
    ] {
        assert_eq!(found(q).first(), Some(&id), "{q}");
    }
    let exhaustive = Exhaustive::new(surnamed());
    assert_eq!(ids(&exhaustive.search("shan", 10)), found("shan"));
}

#[test]
fn index_top_50_equals_exhaustive_skim_scoring_query_by_query() {
    let mut records = corpus(20_000);
    records.extend(surnamed());
    let exhaustive = Exhaustive::new(records.clone());
    let index = SearchIndex::build(records.clone());
    let sample = &records[1234];
    let phone = &sample.phones[0];
    let queries = [
        "zw",
        "zhangwei",
        "wangf",
        "lj",
        "li na",
        "张伟",
        "王",
        "smith",
        "john",
        &phone[phone.len() - 4..],
        "3-2-",
        "12-4-1",
        "zw 1102",
        "w 3-",
        "qxyz",
        "99999999",
        &sample.name,
        "shan",
        "zeng",
        "ouyang",
        "lx",
    ];
    let mut state = SearchState::default();
    let mut compared = 0;
    for q in typed(&queries) {
        let want = exhaustive.search(&q, 50);
        let got = index.search(&mut state, &q, 50, &never).unwrap();
        assert_eq!(got, want, "query {q:?}");
        compared += 1;
    }
    assert!(compared > 60, "{compared}");
}

#[test]
fn cached_first_keystrokes_are_dropped_when_the_index_changes() {
    let mut index = SearchIndex::build(small());
    let first = ids(&index
        .search(&mut SearchState::default(), "y", 50, &never)
        .unwrap());
    assert!(!first.contains(&9));
    index.upsert(&rec(9, "杨洋", "13100009999", "1-1-101"));
    let again = ids(&index
        .search(&mut SearchState::default(), "y", 50, &never)
        .unwrap());
    assert!(again.contains(&9), "{again:?}");
}
