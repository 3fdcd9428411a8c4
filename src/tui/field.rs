//! A one-line text field: any Unicode (IME input arrives as characters), a cursor in
//! characters, and drawing that measures display width with unicode-width so a CJK value and
//! its cursor line up. Control characters are never inserted: what is typed here may be shown
//! on another operator's terminal.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use unicode_width::UnicodeWidthChar;

use super::keymap::{Key, KeyName};

/// Largest value a field holds (the daemon caps text at 4 KiB; a paste beyond that is cut
/// here and the daemon names the field if it is still too long).
const MAX_CHARS: usize = 4096;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    chars: Vec<char>,
    cursor: usize,
}

impl TextField {
    pub fn with(text: &str) -> TextField {
        let chars: Vec<char> = text.chars().collect();
        TextField {
            cursor: chars.len(),
            chars,
        }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn clear(&mut self) {
        self.chars.clear();
        self.cursor = 0;
    }

    /// Edits (or moves the cursor) for a key; false when the key is not an editing key and
    /// the keymap gets it. Choice fields, which use ←/→ for their choice, are not
    /// `TextField`s.
    pub fn edit(&mut self, key: Key) -> bool {
        if let Some(c) = key.typed_char() {
            if self.chars.len() < MAX_CHARS {
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
            }
            return true;
        }
        if key.alt {
            return false;
        }
        match (key.code, key.ctrl) {
            (KeyName::Backspace, false) if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            (KeyName::Backspace, false) => {}
            (KeyName::Delete, false) if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            (KeyName::Delete, false) => {}
            (KeyName::Left, false) => self.cursor = self.cursor.saturating_sub(1),
            (KeyName::Right, false) => self.cursor = (self.cursor + 1).min(self.chars.len()),
            (KeyName::Home, false) | (KeyName::Char('a'), true) => self.cursor = 0,
            (KeyName::End, false) | (KeyName::Char('e'), true) => self.cursor = self.chars.len(),
            (KeyName::Char('u'), true) => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            (KeyName::Char('w'), true) => {
                let mut start = self.cursor;
                while start > 0 && self.chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && self.chars[start - 1] != ' ' {
                    start -= 1;
                }
                self.chars.drain(start..self.cursor);
                self.cursor = start;
            }
            _ => return false,
        }
        true
    }

    /// Draws `label: ` and then the value on one form row (`row` is one line high). The
    /// label takes `label_cols` columns, or its own width when 0, so a form can align its
    /// fields.
    pub fn render_labelled(
        &self,
        label: &str,
        label_cols: u16,
        row: Rect,
        buf: &mut Buffer,
        focused: bool,
    ) {
        use crate::tui::panes::style;
        let text = format!("{label}: ");
        let w = match label_cols {
            0 => unicode_width::UnicodeWidthStr::width(text.as_str()) as u16,
            n => n,
        };
        ratatui::widgets::Widget::render(
            ratatui::text::Span::styled(text, style::label()),
            Rect {
                width: w.min(row.width),
                height: 1,
                ..row
            },
            buf,
        );
        self.render(
            Rect::new(row.x + w, row.y, row.width.saturating_sub(w), 1),
            buf,
            style::field(focused),
            focused,
        );
    }

    /// Draws the value in one row, scrolled so the cursor is visible; the cursor cell is
    /// reversed when `focused`.
    pub fn render(&self, area: Rect, buf: &mut Buffer, style: Style, focused: bool) {
        // A squeezed layout can hand out a row outside the screen: draw only what is on it.
        let area = area.intersection(buf.area);
        if area.width == 0 || area.height == 0 {
            return;
        }
        let width = usize::from(area.width);
        let w = |c: &char| c.width().unwrap_or(0);
        // Scroll so that the text up to and including the cursor cell fits.
        let mut start = 0;
        let cursor_cols = |from: usize| -> usize {
            self.chars[from..self.cursor].iter().map(w).sum::<usize>() + 1
        };
        while start < self.cursor && cursor_cols(start) > width {
            start += 1;
        }
        let mut x = area.x;
        let end_x = area.x + area.width;
        for (i, c) in self.chars.iter().enumerate().skip(start) {
            let cw = w(c) as u16;
            if x + cw.max(1) > end_x {
                break;
            }
            let mut st = style;
            if focused && i == self.cursor {
                st = st.add_modifier(Modifier::REVERSED);
            }
            buf[(x, area.y)].set_char(*c).set_style(st);
            if cw == 2 {
                // The right half of a wide character belongs to it.
                buf[(x + 1, area.y)].set_symbol("").set_style(st);
            }
            x += cw.max(1);
        }
        if focused && self.cursor == self.chars.len() && x < end_x {
            buf[(x, area.y)]
                .set_char(' ')
                .set_style(style.add_modifier(Modifier::REVERSED));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        s.parse().unwrap()
    }

    #[test]
    fn takes_cjk_and_edits_by_character() {
        let mut f = TextField::default();
        for c in "张伟x".chars() {
            assert!(f.edit(Key::plain(KeyName::Char(c))));
        }
        assert!(f.edit(key("<BS>")));
        assert_eq!(f.text(), "张伟");
        assert!(f.edit(key("<Left>")));
        assert!(f.edit(key("<Del>")));
        assert_eq!(f.text(), "张");
    }

    #[test]
    fn control_keys_are_not_text() {
        let mut f = TextField::default();
        assert!(!f.edit(key("<C-s>")));
        assert!(!f.edit(key("<Enter>")));
        assert!(f.is_empty());
    }

    #[test]
    fn wide_characters_take_two_cells() {
        let f = TextField::with("李娜ab");
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        f.render(Rect::new(0, 0, 10, 1), &mut buf, Style::default(), false);
        assert_eq!(buf[(0, 0)].symbol(), "李");
        assert_eq!(buf[(2, 0)].symbol(), "娜");
        assert_eq!(buf[(4, 0)].symbol(), "a");
    }
}
