//! A text page for A5 paper: a centred title, labelled lines that wrap by display width,
//! rules, and a signature block. A CJK character counts two columns, so lines stay inside
//! the page in Chinese as in English.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display columns of an A5 page in a 10-pitch font with margins.
pub const WIDTH: usize = 58;

#[derive(Debug, Default)]
pub struct Page {
    lines: Vec<String>,
}

impl Page {
    pub fn new(title: &str, subtitle: &str) -> Page {
        let mut p = Page::default();
        p.centred(title);
        if !subtitle.is_empty() {
            p.centred(subtitle);
        }
        p.rule('=');
        p
    }

    pub fn centred(&mut self, s: &str) {
        let pad = WIDTH.saturating_sub(s.width()) / 2;
        self.lines.push(format!("{}{s}", " ".repeat(pad)));
    }

    pub fn rule(&mut self, c: char) {
        self.lines.push(c.to_string().repeat(WIDTH));
    }

    pub fn blank(&mut self) {
        self.lines.push(String::new());
    }

    /// `label：value`, the value wrapped under itself when it is long.
    pub fn field(&mut self, label: &str, value: &str) {
        let head = format!("{label}：");
        let indent = head.width();
        let mut first = true;
        for line in wrap(value, WIDTH.saturating_sub(indent).max(10)) {
            if first {
                self.lines.push(format!("{head}{line}"));
                first = false;
            } else {
                self.lines.push(format!("{}{line}", " ".repeat(indent)));
            }
        }
        if first {
            self.lines.push(head);
        }
    }

    /// Free text, wrapped.
    pub fn text(&mut self, s: &str) {
        self.lines.extend(wrap(s, WIDTH));
    }

    /// A row of cells padded to the given display widths.
    pub fn row(&mut self, cells: &[(&str, usize)]) {
        let mut line = String::new();
        for (cell, cols) in cells {
            line.push_str(&crate::domain::text::pad_to_width(cell, *cols));
        }
        self.lines.push(line.trim_end().to_string());
    }

    /// Signature lines: `label：________`, two to a line where they fit.
    pub fn signatures(&mut self, labels: &[&str]) {
        self.blank();
        let half = WIDTH / 2;
        let cells: Vec<String> = labels.iter().map(|l| format!("{l}：__________")).collect();
        let mut i = 0;
        while i < cells.len() {
            let left = &cells[i];
            match cells.get(i + 1) {
                Some(right) if left.width() < half && right.width() <= WIDTH - half => {
                    let padded = crate::domain::text::pad_to_width(left, half);
                    self.lines.push(format!("{padded}{right}"));
                    i += 2;
                }
                _ => {
                    self.lines.push(left.clone());
                    i += 1;
                }
            }
            self.blank();
        }
    }

    pub fn finish(self) -> String {
        let mut out = self.lines.join("\n");
        out.push('\n');
        out
    }
}

/// Splits `s` into lines of at most `cols` display columns, at spaces where it can and
/// anywhere in CJK text; newlines in `s` are kept.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let mut out = Vec::new();
    for para in s.lines() {
        let mut line = String::new();
        let mut width = 0;
        for word in para.split_inclusive(' ') {
            let w = word.width();
            if width + w > cols && width > 0 {
                out.push(line.trim_end().to_string());
                line.clear();
                width = 0;
            }
            if w <= cols {
                line.push_str(word);
                width += w;
                continue;
            }
            for ch in word.chars() {
                let cw = ch.width().unwrap_or(0);
                if width + cw > cols {
                    out.push(std::mem::take(&mut line));
                    width = 0;
                }
                line.push(ch);
                width += cw;
            }
        }
        out.push(line.trim_end().to_string());
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_line_of_a_page_is_wider_than_a5() {
        let mut p = Page::new("物品放行通知单", "R2611-0007");
        p.field("物品", &"沙发一套、冰箱一台、书柜两个，".repeat(6));
        p.field("items", &"a sofa, a fridge and two bookcases ".repeat(4));
        p.signatures(&["经办人", "门岗", "业主", &"很长的签名栏".repeat(3), "x"]);
        let page = p.finish();
        for line in page.lines() {
            assert!(line.width() <= WIDTH, "{line:?} is {} wide", line.width());
        }
        assert!(page.contains("门岗：__________"));
    }
}
