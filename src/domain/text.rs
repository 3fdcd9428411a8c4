//! Free-text rules shared by every field: trimmed, capped, and free of anything a terminal
//! would act on. Stored text is shown on other operators' screens, so control characters,
//! escape sequences, bidi overrides and invisible characters are refused at the door with the
//! field named, rather than stored and escaped later.

use super::DeskError;
use crate::domain::refusal::{CharKind, InputRefusal};
use crate::domain::Field;

/// Longest free text (description, note, report) in bytes. Records stay under 8 KiB (DESIGN §4).
pub const MAX_TEXT_BYTES: usize = 4096;
/// Longest short field (name, category, department) in bytes.
pub const MAX_SHORT_BYTES: usize = 200;

/// Characters that could change what another operator's terminal shows or does.
fn forbidden_char(c: char) -> Option<CharKind> {
    match c {
        '\u{1b}' => Some(CharKind::Escape),
        '\u{0}'..='\u{1f}' | '\u{7f}' => Some(CharKind::Control),
        '\u{80}'..='\u{9f}' => Some(CharKind::C1Control),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {
            Some(CharKind::Bidi)
        }
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => Some(CharKind::Invisible),
        _ => None,
    }
}

/// Validates one line of required text (a name, a category).
pub fn required_line(field: Field, value: &str, max: usize) -> Result<String, DeskError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(DeskError::invalid(field, InputRefusal::Empty {}));
    }
    check(field, v, max, false)?;
    Ok(v.to_string())
}

/// Validates multi-line text (description, note); newlines and tabs are kept.
pub fn required_text(field: Field, value: &str, max: usize) -> Result<String, DeskError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(DeskError::invalid(field, InputRefusal::Empty {}));
    }
    check(field, v, max, true)?;
    Ok(v.to_string())
}

/// Optional multi-line text: empty or whitespace becomes an empty string.
pub fn optional_text(field: Field, value: &str, max: usize) -> Result<String, DeskError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    check(field, v, max, true)?;
    Ok(v.to_string())
}

fn check(field: Field, v: &str, max: usize, multiline: bool) -> Result<(), DeskError> {
    if v.len() > max {
        return Err(DeskError::invalid(
            field,
            InputRefusal::TooLong {
                bytes: v.len(),
                max,
            },
        ));
    }
    for (i, c) in v.chars().enumerate() {
        if multiline && (c == '\n' || c == '\t') {
            continue;
        }
        if let Some(what) = forbidden_char(c) {
            return Err(DeskError::invalid(
                field,
                InputRefusal::BadChar {
                    what,
                    code: format!("U+{:04X}", c as u32),
                    at: i + 1,
                },
            ));
        }
    }
    Ok(())
}

/// A yes or a no as typed at the counter: `yes`/`y`/`是`, `no`/`n`/`否`; anything else is
/// refused naming `field`.
pub fn yes_no(field: Field, value: &str) -> Result<bool, DeskError> {
    match value.trim().to_lowercase().as_str() {
        "yes" | "y" | "是" => Ok(true),
        "no" | "n" | "否" => Ok(false),
        other => Err(DeskError::invalid(
            field,
            crate::domain::refusal::InputRefusal::NotOneOf {
                value: other.to_string(),
                choices: crate::domain::refusal::Choices::of(&["yes", "no"], &["是", "否"]),
            },
        )),
    }
}

/// Renders any string so that it is safe to print to a terminal: forbidden characters become
/// `\u{…}`. Used when echoing user input back in error messages.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(120));
    for c in s.chars().take(120) {
        if forbidden_char(c).is_some() {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    if s.chars().count() > 120 {
        out.push('…');
    }
    out
}

/// Pads to `cols` display columns (a CJK character is two), so columns of Chinese names
/// line up in text output and on screen.
pub fn pad_to_width(s: &str, cols: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(cols.saturating_sub(w)))
}

/// Exactly `cols` display columns: cut (at a whole character) when longer, padded when
/// shorter, so a long word does not push the next column out of line.
pub fn fit_to_width(s: &str, cols: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > cols {
            break;
        }
        out.push(c);
        w += cw;
    }
    out + &" ".repeat(cols - w)
}

/// The first internal reference in `t` — a rule id (`R-OPS-07`) or a line of a source
/// document (`000:589`) — which belong in code and tests, never on a screen or a page.
pub fn internal_reference(t: &str) -> Option<String> {
    let rule = rule_at(t, |rest| {
        let letters = rest.bytes().take_while(u8::is_ascii_uppercase).count();
        (2..=5).contains(&letters)
            && rest.as_bytes().get(letters) == Some(&b'-')
            && rest
                .as_bytes()
                .get(letters + 1)
                .is_some_and(u8::is_ascii_digit)
    });
    if let Some(i) = rule {
        return Some(t[i..].chars().take(12).collect());
    }
    let b = t.as_bytes();
    (3..b.len().saturating_sub(1))
        .find(|&i| {
            b[i] == b':'
                && b[i - 3..i].iter().all(u8::is_ascii_digit)
                && (i < 4 || !b[i - 4].is_ascii_digit())
                && b[i + 1].is_ascii_digit()
        })
        .map(|i| String::from_utf8_lossy(&b[i - 3..(i + 5).min(b.len())]).into_owned())
}

/// Where `R-` is followed by what `rest_ok` accepts.
fn rule_at(t: &str, rest_ok: impl Fn(&str) -> bool) -> Option<usize> {
    t.match_indices("R-")
        .find(|(i, _)| rest_ok(&t[i + 2..]))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_refused_with_the_field_named() {
        let cases = [
            "\u{1b}[2J clear screen",
            "\u{1b}]52;c;aGVsbG8=\u{7}",
            "bell\u{7}",
            "c1\u{9b}31m",
            "evil\u{202e}txt.exe",
            "zero\u{200b}width",
        ];
        for case in cases {
            let err = required_text(Field::Description, case, MAX_TEXT_BYTES).unwrap_err();
            match err {
                DeskError::Validation { field, reason } => {
                    assert_eq!(field, Field::Description);
                    assert!(reason.to_string().contains("remove it"), "{reason}");
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn empty_and_oversized_are_refused() {
        assert!(required_line(Field::Name, "   ", 10).is_err());
        assert!(required_line(Field::Name, "", 10).is_err());
        let big = "字".repeat(2000);
        assert!(required_text(Field::Description, &big, MAX_TEXT_BYTES).is_err());
    }

    #[test]
    fn cjk_emoji_and_newlines_are_kept() {
        assert_eq!(
            required_text(
                Field::Description,
                " 厨房水管漏水 🚰\n第二行 ",
                MAX_TEXT_BYTES
            )
            .unwrap(),
            "厨房水管漏水 🚰\n第二行"
        );
        assert!(required_line(Field::Name, "a\nb", 100).is_err());
    }

    #[test]
    fn printable_escapes_controls() {
        assert_eq!(printable("a\u{1b}b"), "a\\u{1b}b");
    }
}
