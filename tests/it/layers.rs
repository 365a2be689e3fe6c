//! The layer order of ARCHITECTURE.md holds in `src/`: every `crate::` path in non-test code
//! names the module itself or a module of a lower layer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Module → layer, read from the table of ARCHITECTURE.md.
fn layers(doc: &str) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| 4 | `model/` | ... |" splits into ["", "4", "`model/`", ..., ""].
        let (Some(layer), Some(modules)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        let Ok(layer) = layer.parse::<u32>() else {
            continue;
        };
        for name in modules.split('`').skip(1).step_by(2) {
            out.insert(name.trim_end_matches('/').to_string(), layer);
        }
    }
    out
}

/// The top-level module a file of `src/` belongs to (`src/render/views/mod.rs` → `render`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src/");
    let first = rel.components().next().expect("a component");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// The code of a file before its first `#[cfg(test)]` (test modules may reach further).
fn non_test_code(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// The top-level modules named by `crate::` paths in `code`, with the line they are on.
fn crate_paths(code: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                .collect();
            if name.is_empty() {
                // `crate::{a, b}` is not used in this code base; refuse it so that the check
                // cannot be bypassed by grouping.
                assert!(
                    !rest.starts_with('{'),
                    "line {}: write one `use crate::module::...` per module",
                    n + 1
                );
            } else {
                out.push((name, n + 1));
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_imports_upward_or_sideways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let layers = layers(&doc);
    assert!(
        layers.len() >= 15 && layers.get("model") == Some(&4),
        "the layer table was not read: {layers:?}"
    );
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut broken = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        let Some(&own) = layers.get(&module) else {
            broken.push(format!(
                "{}: module `{module}` is not in the layer table of ARCHITECTURE.md",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("a source file");
        for (target, line) in crate_paths(non_test_code(&text)) {
            if target == module {
                continue;
            }
            match layers.get(&target) {
                Some(&t) if t < own => {}
                Some(&t) => broken.push(format!(
                    "{}:{line}: `{module}` (layer {own}) imports `{target}` (layer {t})",
                    file.display()
                )),
                // Items of lib.rs itself (re-exports such as `crate::Diagnostic`).
                None if target.chars().all(|c| c.is_ascii_lowercase() || c == '_') => {
                    broken.push(format!(
                        "{}:{line}: `crate::{target}` is not in the layer table",
                        file.display()
                    ));
                }
                None => {}
            }
        }
    }
    assert!(
        broken.is_empty(),
        "imports against the layer order:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_check_sees_a_wrong_import() {
    let layers = layers("| 1 | `a` | x |\n| 2 | `b/`, `c` | y |\n");
    assert_eq!(layers.get("b"), Some(&2));
    let code = "use crate::b::X;\n// crate::c in a comment\nfn f() { crate::a::g(); }\n#[cfg(test)]\nuse crate::c;";
    assert_eq!(
        crate_paths(non_test_code(code)),
        [("b".to_string(), 1), ("a".to_string(), 3)]
    );
}
