//! The memory allocator's settings.
//!
//! The binary uses mimalloc (see `main.rs`). By default mimalloc keeps freed memory for a
//! second before giving it back to the system, so a build that frees one phase's data and
//! then allocates the next phase's holds both: at 50,000 exercises that was about 519 MiB
//! of resident memory instead of about 466 MiB. Giving it back at once is no better: every
//! page rendered frees and allocates again, and the memory returned a moment earlier has to
//! be mapped and zeroed anew, a tenth of the wall time of `check` at 10,000 exercises.
//! [`configure`] sets a delay of [`PURGE_DELAY`] milliseconds: long enough to reuse memory
//! from one page to the next, short enough that a phase's data does not outlive it. Paired
//! runs (median of 5, `/usr/bin/time`): `check` of 10,000 exercises 0.68 s → 0.61 s for
//! +12 MiB of peak memory; `build` of 50,000 exercises +5 MiB.

/// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h` (the option before
/// `mi_option_use_numa_nodes`, 16); libmimalloc-sys does not name it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's default for that option, in milliseconds (`options.c` of mimalloc v3).
const DEFAULT_PURGE_DELAY: i64 = 1000;

/// The delay movebook sets, in milliseconds (see the module docs).
pub const PURGE_DELAY: i64 = 10;

/// Makes mimalloc return freed memory to the system after [`PURGE_DELAY`] milliseconds.
/// Checks first that the option still has its documented default, so that a renumbering
/// in a future mimalloc cannot set some other option.
pub fn configure() {
    // SAFETY: mi_option_get and mi_option_set read and write a process-wide option; they
    // are called once, at the start of main, before any other thread exists.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) as i64 == DEFAULT_PURGE_DELAY {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY as _);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_15_is_the_purge_delay() {
        // If this fails after updating mimalloc, look up mi_option_purge_delay again.
        let value = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) } as i64;
        assert!(
            value == DEFAULT_PURGE_DELAY || value == PURGE_DELAY,
            "option 15 reads {value}"
        );
    }
}
