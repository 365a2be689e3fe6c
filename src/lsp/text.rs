//! Text positions the way the protocol counts them, and file URIs.
//!
//! movebook's diagnostics count columns in characters (1-based); LSP counts them in UTF-16
//! code units unless client and server agree on UTF-8 or UTF-32 ([`Encoding`]). Lines are
//! 0-based in the protocol, 1-based in movebook.

use std::path::{Path, PathBuf};

use lsp_types::{Position, Range, Uri};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use crate::diagnostic::Pos;

/// How columns are counted on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: the protocol's default, and all Neovim 0.7 and VS Code speak.
    #[default]
    Utf16,
    /// Characters.
    Utf32,
}

impl Encoding {
    /// The name the protocol uses (`utf-16`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        }
    }

    /// The encoding to use given the client's `general.positionEncodings`: UTF-16 unless the
    /// client offers UTF-32 or UTF-8 (cheaper for us), in its order of preference.
    pub(crate) fn choose(offered: &[String]) -> Encoding {
        for o in offered {
            match o.as_str() {
                "utf-32" => return Encoding::Utf32,
                "utf-8" => return Encoding::Utf8,
                "utf-16" => return Encoding::Utf16,
                _ => {}
            }
        }
        Encoding::Utf16
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }

    /// The protocol column of character `chars` (0-based) of `line`.
    pub(crate) fn column(self, line: &str, chars: usize) -> u32 {
        line.chars().take(chars).map(|c| self.width(c)).sum()
    }

    /// The byte offset in `line` of protocol column `col` (clamped to the line).
    pub(crate) fn byte_of(self, line: &str, col: u32) -> usize {
        let mut seen = 0u32;
        for (i, c) in line.char_indices() {
            if seen >= col {
                return i;
            }
            seen += self.width(c);
        }
        line.len()
    }

    /// The protocol column of byte `byte` of `line`.
    pub(crate) fn column_of_byte(self, line: &str, byte: usize) -> u32 {
        line.char_indices()
            .take_while(|(i, _)| *i < byte)
            .map(|(_, c)| self.width(c))
            .sum()
    }
}

/// A text cut into lines, for converting positions.
pub(crate) struct Lines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    /// `text`'s lines (without their `\n` or `\r\n`).
    pub(crate) fn new(text: &'a str) -> Self {
        Lines {
            lines: text
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect(),
        }
    }

    /// Line `i` (0-based), or `""`.
    pub(crate) fn get(&self, i: usize) -> &'a str {
        self.lines.get(i).copied().unwrap_or("")
    }

    /// The lines.
    pub(crate) fn all(&self) -> &[&'a str] {
        &self.lines
    }

    /// A movebook position (1-based line and character column) as a protocol position.
    pub(crate) fn position(&self, enc: Encoding, p: Pos) -> Position {
        let line = p.line.saturating_sub(1);
        let text = self.get(line as usize);
        Position::new(line, enc.column(text, p.column.saturating_sub(1) as usize))
    }

    /// The protocol range from one movebook position to another.
    pub(crate) fn span(&self, enc: Encoding, start: Pos, end: Pos) -> Range {
        Range::new(self.position(enc, start), self.position(enc, end))
    }

    /// The protocol range of bytes `start..end` of line `line` (0-based).
    pub(crate) fn range_in_line(
        &self,
        enc: Encoding,
        line: usize,
        start: usize,
        end: usize,
    ) -> Range {
        let text = self.get(line);
        Range::new(
            Position::new(line as u32, enc.column_of_byte(text, start)),
            Position::new(line as u32, enc.column_of_byte(text, end)),
        )
    }

    /// The whole of line `line` without its indentation.
    pub(crate) fn line_range(&self, enc: Encoding, line: usize) -> Range {
        let text = self.get(line);
        let start = text.len() - text.trim_start().len();
        let end = text.trim_end().len().max(start);
        self.range_in_line(enc, line, start, end)
    }
}

/// Characters kept as they are in a file URI's path.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The `file://` URI of an absolute path.
pub(crate) fn uri_of(path: &Path) -> Option<Uri> {
    let shown = path.to_str()?;
    let encoded = utf8_percent_encode(shown, PATH).to_string();
    let text = if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        format!("file:///{encoded}")
    };
    text.parse().ok()
}

/// The path of a `file://` URI.
pub(crate) fn path_of(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file://localhost/x` names the same file as `file:///x`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_each_encoding() {
        let line = "a: Bäckenlyft 💪 x";
        // 'x' is character 16.
        assert_eq!(Encoding::Utf32.column(line, 16), 16);
        assert_eq!(Encoding::Utf16.column(line, 16), 17);
        assert_eq!(Encoding::Utf8.column(line, 16), 20);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let col = enc.column(line, 16);
            assert_eq!(&line[enc.byte_of(line, col)..], "x");
            assert_eq!(enc.column_of_byte(line, enc.byte_of(line, col)), col);
        }
        assert_eq!(Encoding::Utf16.byte_of(line, 999), line.len());
    }

    #[test]
    fn uris_round_trip() {
        let p = Path::new("/tmp/a b/ä#1.md");
        let uri = uri_of(p).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/a%20b/%C3%A4%231.md");
        assert_eq!(path_of(&uri).unwrap(), p);
        let local: Uri = "file://localhost/tmp/x.md".parse().unwrap();
        assert_eq!(path_of(&local).unwrap(), Path::new("/tmp/x.md"));
    }

    #[test]
    fn positions_from_diagnostics() {
        let lines = Lines::new("---\r\ntitle: Höft\n");
        let p = lines.position(Encoding::Utf16, Pos { line: 2, column: 9 });
        assert_eq!((p.line, p.character), (1, 8));
        assert_eq!(lines.get(0), "---");
        let r = lines.line_range(Encoding::Utf16, 1);
        assert_eq!((r.start.character, r.end.character), (0, 11));
    }
}
