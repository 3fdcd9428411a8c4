//! Money in integer fen (分): parsed once from what a person or a billing export writes
//! (`1234.5`, `¥1,234.50`, `1234.50元`), shown as `¥1,234.50`, and written out in capitals
//! (大写, `壹仟贰佰叁拾肆元伍角`) for a payment notice, as the People's Bank's rules for
//! amounts on paper ask: 壹拾 for ten, one 零 for a run of zeros, 整 after whole yuan.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::refusal::InputRefusal;
use super::{DeskError, Field};

/// An amount of money in fen; never negative at the desk.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Fen(pub u64);

/// The largest amount the desk accepts (¥100,000,000.00): more is a typo.
const MAX_FEN: u64 = 10_000_000_000;

impl Fen {
    /// Yuan as written: digits, an optional decimal point with up to two places, thousands
    /// commas, a leading `¥`/`￥` or a trailing `元`.
    pub fn parse(field: Field, s: &str) -> Result<Fen, DeskError> {
        let value = s.to_string();
        let bad = |why: fn(String) -> InputRefusal| DeskError::invalid(field, why(value.clone()));
        let t = s
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .replace(',', "");
        if t.is_empty() {
            return Err(bad(|value| InputRefusal::AmountEmpty { value }));
        }
        if t.starts_with('-') {
            return Err(bad(|value| InputRefusal::NegativeAmount { value }));
        }
        let (whole, part) = t.split_once('.').unwrap_or((&t, ""));
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(|value| InputRefusal::NotAmount { value }));
        }
        if part.len() > 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(|value| InputRefusal::AmountPlaces { value }));
        }
        let yuan: u64 = whole
            .parse()
            .map_err(|_| bad(|value| InputRefusal::AmountTooLarge { value }))?;
        let cents: u64 = format!("{part:0<2}").parse().unwrap_or(0);
        let fen = yuan
            .checked_mul(100)
            .and_then(|f| f.checked_add(cents))
            .filter(|f| *f <= MAX_FEN)
            .ok_or_else(|| bad(|value| InputRefusal::AmountTooLarge { value }))?;
        Ok(Fen(fen))
    }

    pub fn yuan(self) -> u64 {
        self.0 / 100
    }

    /// `1234.50`: as a billing export or a spreadsheet wants it.
    pub fn plain(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }

    /// 大写: the amount in financial capitals, as a payment notice prints it.
    pub fn capital(self) -> String {
        let yuan = self.0 / 100;
        let jiao = (self.0 / 10 % 10) as usize;
        let fen = (self.0 % 10) as usize;
        let mut out = String::new();
        if yuan > 0 {
            out.push_str(&capital_integer(yuan));
            out.push('元');
        }
        match (jiao, fen) {
            (0, 0) if yuan == 0 => out.push_str("零元整"),
            (0, 0) => out.push('整'),
            (j, 0) => {
                out.push_str(DIGITS[j]);
                out.push('角');
            }
            (0, f) => {
                if yuan > 0 {
                    out.push('零');
                }
                out.push_str(DIGITS[f]);
                out.push('分');
            }
            (j, f) => {
                out.push_str(DIGITS[j]);
                out.push('角');
                out.push_str(DIGITS[f]);
                out.push('分');
            }
        }
        out
    }
}

impl fmt::Display for Fen {
    /// `¥1,234.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let yuan = self.yuan().to_string();
        let mut grouped = String::new();
        for (i, c) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "¥{grouped}.{:02}", self.0 % 100)
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        Fen(iter.map(|f| f.0).sum())
    }
}

const DIGITS: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];

/// A whole number of yuan in capitals, in groups of four digits (个, 万, 亿, 万亿). A run of
/// zeros inside the number is read as one 零; zeros at the end of a group are silent.
fn capital_integer(n: u64) -> String {
    const PLACES: [&str; 4] = ["仟", "佰", "拾", ""];
    const GROUPS: [&str; 4] = ["万亿", "亿", "万", ""];
    let groups = [
        n / 1_000_000_000_000 % 10_000,
        n / 100_000_000 % 10_000,
        n / 10_000 % 10_000,
        n % 10_000,
    ];
    let mut out = String::new();
    let mut zero_pending = false;
    for (g, group_name) in groups.iter().zip(GROUPS) {
        let started = !out.is_empty();
        if *g == 0 {
            zero_pending |= started;
            continue;
        }
        if started && *g < 1000 {
            zero_pending = true;
        }
        let digits = [g / 1000, g / 100 % 10, g / 10 % 10, g % 10];
        let mut seen = false;
        for (d, place) in digits.iter().zip(PLACES) {
            if *d == 0 {
                zero_pending |= seen;
                continue;
            }
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            out.push_str(DIGITS[*d as usize]);
            out.push_str(place);
            seen = true;
        }
        out.push_str(group_name);
        // Zeros at a group's end are read by the group's name, not as 零.
        zero_pending = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(fen: u64) -> String {
        Fen(fen).capital()
    }

    #[test]
    fn capitals_follow_the_rules_for_amounts_on_paper() {
        assert_eq!(cap(0), "零元整");
        assert_eq!(cap(5), "伍分");
        assert_eq!(cap(50), "伍角");
        assert_eq!(cap(100), "壹元整");
        assert_eq!(cap(1_000), "壹拾元整");
        assert_eq!(cap(10_500), "壹佰零伍元整");
        assert_eq!(cap(140_950), "壹仟肆佰零玖元伍角");
        assert_eq!(cap(600_714), "陆仟零柒元壹角肆分");
        assert_eq!(cap(20_003), "贰佰元零叁分");
        assert_eq!(cap(10_700_053), "壹拾万柒仟元伍角叁分");
        assert_eq!(cap(1_010_100_000), "壹仟零壹拾万壹仟元整");
        assert_eq!(cap(10_000_100_000), "壹亿零壹仟元整");
        assert_eq!(cap(10_000_000_100), "壹亿零壹元整");
        assert_eq!(cap(10_000_000_000), "壹亿元整");
        assert_eq!(cap(100_050_000), "壹佰万零伍佰元整");
        assert_eq!(cap(123_456_789), "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分");
    }

    #[test]
    fn amounts_parse_from_what_people_and_exports_write() {
        let p = |s: &str| Fen::parse(Field::Amount, s);
        assert_eq!(p("1234.5").unwrap(), Fen(123_450));
        assert_eq!(p("¥1,234.50").unwrap(), Fen(123_450));
        assert_eq!(p("1234.50元").unwrap(), Fen(123_450));
        assert_eq!(p("12").unwrap(), Fen(1_200));
        assert_eq!(p("0.07").unwrap(), Fen(7));
        for bad in ["", "-3", "1.234", "12a", "1e5", "100000001"] {
            let e = p(bad).unwrap_err().to_string();
            assert!(e.contains("amount"), "{bad}: {e}");
        }
    }

    #[test]
    fn amounts_show_with_thousands_and_fen() {
        assert_eq!(Fen(123_456_789).to_string(), "¥1,234,567.89");
        assert_eq!(Fen(5).to_string(), "¥0.05");
        assert_eq!(Fen(100_000).plain(), "1000.00");
    }
}
