//! TEMPORARY stub of the media engine's interface (replaced by the engine branch).
#![allow(dead_code, clippy::all, clippy::pedantic)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Settings {
    pub widths: Vec<u32>,
    pub quality: u8,
    pub method: u8,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            widths: vec![480, 960, 1600],
            quality: 80,
            method: 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Gif => "gif",
        }
    }
    pub fn from_ext(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            "gif" => Some(Format::Gif),
            _ => None,
        }
    }
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
            Format::Gif => "image/gif",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Output {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub path: PathBuf,
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Processed {
    pub key: u64,
    pub width: u32,
    pub height: u32,
    pub source: Format,
    pub webp: Vec<Output>,
    pub fallback: Output,
    pub animated: bool,
    pub first_frame_only: bool,
}

#[derive(Debug)]
pub(crate) enum ImageError {
    Unsupported(String),
    Undecodable(String),
    TooLarge { width: u32, height: u32 },
    Io(std::io::Error),
}

impl std::fmt::Display for ImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

pub(crate) const MAX_PIXELS: u64 = 100_000_000;

pub(crate) struct Cache;

impl Cache {
    pub fn open(_dir: &Path, _settings: Settings) -> Cache {
        Cache
    }
    pub fn process(
        &self,
        sources: &[PathBuf],
        _done: &(dyn Fn() + Sync),
    ) -> Vec<Result<Arc<Processed>, ImageError>> {
        sources
            .iter()
            .map(|_| Err(ImageError::Unsupported("stub".into())))
            .collect()
    }
    pub fn finish(self) -> std::io::Result<()> {
        Ok(())
    }
}

pub(crate) fn svg_size(_bytes: &[u8]) -> Option<(u32, u32)> {
    Some((400, 300))
}

pub(crate) fn strip_metadata(bytes: &[u8], _format: Format) -> Result<Vec<u8>, ImageError> {
    Ok(bytes.to_vec())
}
