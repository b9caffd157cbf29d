//! geostance: sentence-level stance toward the US, China and Russia in news.
//!
//! The pipeline, one module per stage:
//! 1. [`corpus`] reads articles (files, folders, JSONL, stdin);
//!    and [`date`] finds each one's publication date;
//! 2. [`segment`] splits each into sentence units (byte [`span`]s) and flags boilerplate;
//! 3. [`targets`] finds mentions of the targets with the gazetteer of [`labels`];
//! 4. [`speaker`] attributes each unit to the author or a quoted/reported speaker,
//!    and [`lexicon`] counts each stance label's cue words in it;
//! 5. [`classify`] asks the zero-shot [`nli`] model one hypothesis per label and template
//!    (each distinct pair once; [`cache`] keeps scores across runs with `--cache`);
//! 6. [`calibrate`] optionally centres or re-weights the scores;
//! 7. [`pipeline`] runs the stages over many articles (rayon + ONNX Runtime threads);
//! 8. [`aggregate`] tallies per target, article and speaker (mergeable across shards);
//! 9. [`export`] writes JSONL records, JSON/CSV summaries, a Markdown and an HTML report;
//! 10. [`eval`] scores predictions against hand labels; [`fit`] learns a head from them;
//!     [`suggest`] ranks the units worth labelling next; [`merge`] joins shard runs.

pub mod aggregate;
pub mod app;
pub mod cache;
pub mod calibrate;
pub mod classify;
pub mod cli;
pub mod corpus;
pub mod country;
pub mod date;
pub mod error;
pub mod eval;
pub mod eval_chart;
pub mod eval_text;
pub mod export;
pub mod fit;
pub mod labels;
pub mod lexicon;
pub mod merge;
pub mod nli;
pub mod pipeline;
pub mod record;
pub mod resume;
pub mod segment;
pub mod span;
pub mod speaker;
pub mod suggest;
pub mod targets;

pub use error::{Error, Result};
