//! Encode: (premise, hypothesis) pairs into padded token rows with the model folder's
//! `tokenizer.json`, the same for every backend, so backends differ only in the network.

use std::path::Path;

use tokenizers::{EncodeInput, Tokenizer, TruncationParams, TruncationStrategy};

use super::Pair;
use crate::error::{Error, Result};

/// A padded batch, row-major `[rows, width]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// Tokens per row (the longest pair; shorter rows are padded with 0 and mask 0).
    pub width: usize,
    /// Token ids.
    pub ids: Vec<i64>,
    /// 1 for real tokens, 0 for padding.
    pub mask: Vec<i64>,
    /// Segment ids (0 for the premise, 1 for the hypothesis where the model uses them).
    pub types: Vec<i64>,
}

/// Load `dir/tokenizer.json`, truncating pairs longer than `max_len` tokens (longest side first).
pub fn load_tokenizer(dir: &Path, max_len: usize) -> Result<Tokenizer> {
    let path = dir.join("tokenizer.json");
    let err = |e: &dyn std::fmt::Display| Error::Model {
        path: path.clone(),
        msg: e.to_string(),
    };
    let mut tokenizer = Tokenizer::from_file(&path).map_err(|e| err(&e))?;
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length: max_len,
            strategy: TruncationStrategy::LongestFirst,
            ..Default::default()
        }))
        .map_err(|e| err(&e))?;
    tokenizer.with_padding(None);
    Ok(tokenizer)
}

/// A premise longer than the token limit times this many bytes is cut at a space
/// before tokenizing: the tokens kept by truncation are the same (no word piece spans
/// 64 bytes of ordinary text), and a 10 MB one-sentence article costs milliseconds and
/// kilobytes instead of a minute and gigabytes.
const BYTES_PER_TOKEN_CAP: usize = 64;

/// `premise` up to the last whitespace before `cap` bytes, when it is longer.
fn cut_premise(premise: &str, cap: Option<usize>) -> &str {
    match cap {
        Some(cap) if premise.len() > cap => {
            let mut end = cap;
            while !premise.is_char_boundary(end) {
                end -= 1;
            }
            let head = &premise[..end];
            match head.rfind(char::is_whitespace) {
                Some(at) if at > 0 => &head[..at],
                _ => head,
            }
        }
        _ => premise,
    }
}

/// Token ids, attention mask and type ids of `pairs`, padded to the longest, row-major.
pub fn encode(tokenizer: &Tokenizer, pairs: &[Pair<'_>]) -> Result<Encoded> {
    let cap = tokenizer
        .get_truncation()
        .map(|t| t.max_length * BYTES_PER_TOKEN_CAP);
    let inputs: Vec<EncodeInput> = pairs
        .iter()
        .map(|p| (cut_premise(p.premise, cap), p.hypothesis).into())
        .collect();
    let encs = tokenizer
        .encode_batch(inputs, true)
        .map_err(|e| Error::Inference { msg: e.to_string() })?;
    let width = encs.iter().map(|e| e.get_ids().len()).max().unwrap_or(0);
    let n = encs.len() * width;
    let (mut ids, mut mask, mut types) = (vec![0i64; n], vec![0i64; n], vec![0i64; n]);
    for (r, e) in encs.iter().enumerate() {
        let row = r * width;
        for (c, ((&id, &m), &t)) in e
            .get_ids()
            .iter()
            .zip(e.get_attention_mask())
            .zip(e.get_type_ids())
            .enumerate()
        {
            ids[row + c] = i64::from(id);
            mask[row + c] = i64::from(m);
            types[row + c] = i64::from(t);
        }
    }
    Ok(Encoded {
        width,
        ids,
        mask,
        types,
    })
}
