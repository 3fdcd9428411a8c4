//! Surnames read differently from their common reading (单 is Shàn as a surname, Dān
//! otherwise) and compound surnames with their own reading (尉迟 Yùchí, 万俟 Mòqí). The pinyin
//! crate gives a character's common reading; a name starting with one of these is indexed
//! under the surname reading as well, so `shan` finds 单 and `zeng` finds 曾.

/// Single-character surnames whose surname reading differs from (or is as common as) their
/// everyday one: character, surname reading, everyday reading.
const POLYPHONIC: &[(char, &str, &str)] = &[
    ('单', "shan", "dan"),
    ('曾', "zeng", "ceng"),
    ('解', "xie", "jie"),
    ('区', "ou", "qu"),
    ('仇', "qiu", "chou"),
    ('朴', "piao", "pu"),
    ('查', "zha", "cha"),
    ('翟', "zhai", "di"),
    ('盖', "ge", "gai"),
    ('覃', "qin", "tan"),
    ('乐', "yue", "le"),
    ('缪', "miao", "mou"),
];

/// Compound surnames and their readings.
const COMPOUND: &[(&str, [&str; 2])] = &[
    ("欧阳", ["ou", "yang"]),
    ("司马", ["si", "ma"]),
    ("诸葛", ["zhu", "ge"]),
    ("上官", ["shang", "guan"]),
    ("尉迟", ["yu", "chi"]),
    ("万俟", ["mo", "qi"]),
];

/// The other readings of the name's first syllables: `(n, readings)` replaces the first `n`
/// syllables with each of `readings` in turn. Empty when the name has no such surname.
pub fn alternatives(name: &str) -> (usize, Vec<Vec<&'static str>>) {
    for (compound, reading) in COMPOUND {
        if name.starts_with(compound) {
            return (2, vec![reading.to_vec()]);
        }
    }
    let Some(first) = name.chars().next() else {
        return (0, Vec::new());
    };
    match POLYPHONIC.iter().find(|(c, _, _)| *c == first) {
        Some((_, surname, everyday)) => (1, vec![vec![*surname], vec![*everyday]]),
        None => (0, Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polyphonic_and_compound_surnames_have_their_readings() {
        assert_eq!(alternatives("单伟"), (1, vec![vec!["shan"], vec!["dan"]]));
        assert_eq!(alternatives("尉迟敬德").1, vec![vec!["yu", "chi"]]);
        assert_eq!(alternatives("张伟").0, 0);
        // 区 as a compound's second character is not a surname.
        assert_eq!(alternatives("欧阳区").1, vec![vec!["ou", "yang"]]);
    }
}
