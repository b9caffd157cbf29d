//! App: turns flags into a validated configuration, builds the pipeline, drives I/O.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::aggregate::Summary;
use crate::cache::ScoreCache;
use crate::calibrate::Calibration;
use crate::cli::{
    Backend, Cli, Command, EvalArgs, FitArgs, LabelArgs, MergeArgs, ModelArgs, RunArgs, Scoring,
    SegmentArgs, SuggestArgs,
};
use crate::corpus::{self, Article, ReadOptions};
use crate::eval;
use crate::export::{self, RunOutput};
use crate::fit;
use crate::labels::Labels;
use crate::nli::{self, onnx::OnnxNli, onnx::OnnxOptions, DeviceChoice, NliModel};
use crate::pipeline::{AnalyzedArticle, Options, Pipeline};
use crate::record::{self, SentenceRecord};
use crate::resume::{self, Finished, Journal};
use crate::segment;

/// Exit code: every input processed.
pub const EXIT_OK: u8 = 0;
/// Exit code: some inputs were skipped.
pub const EXIT_PARTIAL: u8 = 1;

/// Run a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Run(a) => run_cmd(a),
        Command::Segment(a) => segment_cmd(a),
        Command::Eval(a) => eval_cmd(a),
        Command::Fit(a) => fit_cmd(a),
        Command::Suggest(a) => suggest_cmd(a),
        Command::Merge(a) => merge_cmd(a),
    }
}

fn load_labels(a: &LabelArgs) -> Result<Labels> {
    Ok(match &a.label_dir {
        Some(dir) => Labels::load(dir)?,
        None => Labels::builtin()?,
    })
}

fn set_threads(m: &ModelArgs) -> usize {
    let n = m
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    // The global pool can be set once; a second call (tests in one process) keeps the first.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build_global();
    n
}

/// Load the NLI model the flags name.
pub fn load_model(m: &ModelArgs) -> Result<Box<dyn NliModel>> {
    let threads = set_threads(m);
    let dir = m.model.clone().unwrap_or_else(nli::default_model_dir);
    match m.backend {
        Backend::Onnx => {
            if let DeviceChoice::Cuda(_) = m.device {
                anyhow::bail!(
                    "--device {}: the onnx backend runs on the CPU only (the PyPI onnxruntime \
                     wheel has no GPU provider); use --backend torch for a GPU",
                    m.device
                );
            }
            let lib = nli::runtime::find_library(m.ort_lib.as_deref())?;
            nli::runtime::init(&lib)?;
            let opts = OnnxOptions {
                file: nli::onnx_file(
                    Path::new(""),
                    m.precision_asked()
                        .unwrap_or_else(|| nli::Precision::default_for(&dir)),
                ),
                intra_threads: threads,
                sessions: 1,
                max_len: MAX_TOKENS,
            };
            Ok(Box::new(OnnxNli::load(&dir, &opts)?))
        }
        Backend::Torch => load_torch(m, &dir, threads),
    }
}

/// Pairs longer than this many tokens are truncated, on every backend.
const MAX_TOKENS: usize = 256;

#[cfg(feature = "torch")]
fn load_torch(m: &ModelArgs, dir: &Path, threads: usize) -> Result<Box<dyn NliModel>> {
    if m.precision_asked()
        .is_some_and(|p| p != nli::Precision::Fp32)
    {
        anyhow::bail!(
            "--precision / --int8 apply to the onnx backend only; the torch backend computes \
             in fp32 (--precision fp32, or leave it out)"
        );
    }
    let opts = nli::torch::TorchOptions {
        device: m.device,
        threads,
        max_len: MAX_TOKENS,
    };
    Ok(Box::new(nli::torch::TorchNli::load(dir, &opts)?))
}

#[cfg(not(feature = "torch"))]
fn load_torch(_: &ModelArgs, _: &Path, _: usize) -> Result<Box<dyn NliModel>> {
    anyhow::bail!(
        "--backend torch: this geostance was built without the `torch` feature; run \
         `make setup-torch build-torch` (libtorch from the PyPI torch wheel, then \
         `cargo build --release --features torch`), or use --backend onnx"
    )
}

/// The calibration the flags ask for, if any.
fn calibration(
    m: &ModelArgs,
    label_dir: Option<&Path>,
    labels: &Labels,
) -> Result<Option<Calibration>> {
    let per_label = labels.templates_per_label();
    if let Some(path) = &m.calibration {
        return Ok(Some(Calibration::load(path, labels)?));
    }
    Ok(match m.scoring {
        Scoring::Plain => None,
        Scoring::Centered => Some(Calibration::Centered { per_label }),
        Scoring::Shipped => match label_dir {
            None => Some(Calibration::parse(
                crate::calibrate::SHIPPED,
                Path::new("<built-in labels/calibration.json>"),
                labels,
            )?),
            Some(dir) if dir.join("calibration.json").is_file() => {
                Some(Calibration::load(&dir.join("calibration.json"), labels)?)
            }
            Some(dir) => {
                eprintln!(
                    "geostance: note: no calibration.json in {}; scoring centred (fit one with `geostance fit`)",
                    dir.display()
                );
                Some(Calibration::Centered { per_label })
            }
        },
    })
}

fn build_pipeline(m: &ModelArgs, label_dir: Option<&Path>, labels: Labels) -> Result<Pipeline> {
    let model = load_model(m)?;
    let opts = Options {
        batch_size: m.batch_size.max(1),
        chunk_articles: m.chunk_articles.max(1),
        context: m.context,
    };
    let cal = calibration(m, label_dir, &labels)?;
    let cache = match &m.cache {
        Some(dir) => {
            let id = model.identity()?;
            Some(ScoreCache::open(dir, &id).with_context(|| format!("--cache {}", dir.display()))?)
        }
        None => None,
    };
    Ok(Pipeline::new(labels, Some(model), opts)?
        .with_calibration(cal)
        .with_cache(cache))
}

fn read(inputs: &[std::path::PathBuf], a: &LabelArgs) -> (Vec<Article>, usize) {
    let batch = corpus::read_inputs(
        inputs,
        &ReadOptions {
            max_bytes: a.max_bytes,
        },
    );
    for e in &batch.errors {
        eprintln!("geostance: skipped: {e}");
    }
    (batch.articles, batch.errors.len())
}

fn progress(n: usize, quiet: bool, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(n as u64);
    pb.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} [{bar:30}] {pos}/{len} articles, {elapsed} (eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Analyse articles and build records and the summary.
fn analyse(
    pipe: &Pipeline,
    articles: Vec<Article>,
    quiet: bool,
    features: bool,
) -> Result<RunOutput> {
    let pb = progress(articles.len(), quiet, "classifying");
    let analysed = pipe.run(articles, &|k| pb.inc(k as u64))?;
    pb.finish_and_clear();
    Ok(output(pipe, &analysed, features))
}

/// The records and the summary of analysed articles, each article tallied alone and
/// merged in input order (so a resumed run sums in the same order).
fn output(pipe: &Pipeline, analysed: &[AnalyzedArticle], features: bool) -> RunOutput {
    let finished: Vec<Finished> = analysed
        .iter()
        .map(|a| finish(pipe, a, String::new(), features))
        .collect();
    assemble(pipe, finished.iter())
}

fn finish(pipe: &Pipeline, a: &AnalyzedArticle, key: String, features: bool) -> Finished {
    let labels = &pipe.labels;
    let mut summary = empty_summary(labels);
    summary.add(a);
    Finished {
        key,
        records: record::records_with(a, labels, features),
        summary,
    }
}

fn empty_summary(labels: &Labels) -> Summary {
    Summary::new(
        labels.stance.iter().map(|l| l.name.clone()).collect(),
        labels.targets.iter().map(|t| t.name.clone()).collect(),
    )
}

fn assemble<'f>(pipe: &Pipeline, finished: impl Iterator<Item = &'f Finished>) -> RunOutput {
    let mut summary = empty_summary(&pipe.labels);
    let mut records = Vec::new();
    for f in finished {
        summary.merge(&f.summary);
        records.extend(f.records.iter().cloned());
    }
    // An identity the model cannot give (its file unreadable now) leaves the setup empty,
    // and `merge` then refuses the shard.
    summary.setup = pipe.setup().unwrap_or_default();
    RunOutput {
        records,
        summary,
        eval: None,
    }
}

fn run_cmd(a: RunArgs) -> Result<u8> {
    let labels = load_labels(&a.labels)?;
    let (articles, failed) = read(&a.inputs, &a.labels);
    if articles.is_empty() {
        anyhow::bail!(
            "no readable input among {} path(s); nothing to classify",
            a.inputs.len()
        );
    }
    let pipe = build_pipeline(&a.model, a.labels.label_dir.as_deref(), labels)?;
    let started = std::time::Instant::now();
    let n_articles = articles.len();
    let (out, analysed, journal) = classify_journaled(&pipe, articles, &a)?;
    let mut written = export::write_all(&a.out, &out)
        .with_context(|| format!("writing to {}", a.out.display()))?;
    journal.finish()?;
    if let Some(path) = &a.pairs_out {
        write_pairs(path, &pipe.pairs(&analysed))
            .with_context(|| format!("--pairs-out {}", path.display()))?;
        written.push(path.clone());
    }
    if !a.quiet {
        report_run(&pipe, n_articles, out.records.len(), started, &written);
    }
    Ok(if failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}

/// Classify the articles the journal in `--out` does not hold yet (all of them without
/// `--resume`), appending each chunk to it; returns the run's output, the articles
/// analysed now when `--pairs-out` needs them, and the journal.
fn classify_journaled(
    pipe: &Pipeline,
    articles: Vec<Article>,
    a: &RunArgs,
) -> Result<(RunOutput, Vec<AnalyzedArticle>, Journal)> {
    let fp = resume::fingerprint(&pipe.settings()?)?;
    let keys: Vec<String> = articles.iter().map(|x| resume::key(&fp, x)).collect();
    if !a.resume {
        let _ = std::fs::remove_file(a.out.join(resume::JOURNAL));
    }
    let (mut journal, mut done) = Journal::open(&a.out, &keys)
        .with_context(|| format!("--out {}: cannot write the output folder", a.out.display()))?;
    if a.resume && !a.quiet {
        eprintln!(
            "geostance: resuming: {} of {} articles already finished in {}",
            done.len(),
            articles.len(),
            a.out.join(resume::JOURNAL).display()
        );
    }
    let pb = progress(articles.len(), a.quiet, "classifying");
    pb.inc(done.len() as u64);
    let todo: Vec<(String, Article)> = keys
        .iter()
        .cloned()
        .zip(articles)
        .filter(|(k, _)| !done.contains_key(k))
        .collect();
    let (todo_keys, todo): (Vec<String>, Vec<Article>) = todo.into_iter().unzip();
    let mut todo_keys = todo_keys.into_iter();
    let mut kept = Vec::new();
    pipe.run_chunks(todo, &mut |chunk| {
        let finished: Vec<Finished> = chunk
            .iter()
            .map(|x| {
                finish(
                    pipe,
                    x,
                    todo_keys.next().unwrap_or_default(),
                    a.with_features,
                )
            })
            .collect();
        journal.append(&finished)?;
        pb.inc(chunk.len() as u64);
        done.extend(finished.into_iter().map(|f| (f.key.clone(), f)));
        if a.pairs_out.is_some() {
            kept.extend(chunk);
        }
        Ok(())
    })?;
    pb.finish_and_clear();
    let out = assemble(pipe, keys.iter().filter_map(|k| done.get(k)));
    Ok((out, kept, journal))
}

fn report_run(
    pipe: &Pipeline,
    n_articles: usize,
    n_records: usize,
    started: std::time::Instant,
    written: &[std::path::PathBuf],
) {
    let secs = started.elapsed().as_secs_f64();
    let st = pipe.stats();
    eprintln!(
        "geostance: {n_articles} articles, {n_records} sentences in {secs:.1}s ({:.1} sentences/s); \
         model: {} pairs ({} distinct, {} scored) in {:.2}s ({:.0} pairs/s); wrote {}",
        n_records as f64 / secs.max(1e-9),
        st.pairs,
        st.distinct,
        st.scored,
        st.model_secs,
        st.scored as f64 / st.model_secs.max(1e-9),
        written
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// Write (premise, hypothesis) pairs as JSONL, atomically (`export::write_atomic`).
fn write_pairs(path: &Path, pairs: &[(String, String)]) -> Result<()> {
    let mut body = String::new();
    for (p, h) in pairs {
        body += &serde_json::json!({"premise": p, "hypothesis": h}).to_string();
        body.push('\n');
    }
    Ok(export::write_atomic(path, body.as_bytes())?)
}

fn segment_cmd(a: SegmentArgs) -> Result<u8> {
    let labels = load_labels(&a.labels)?;
    let (articles, failed) = read(&a.inputs, &a.labels);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for art in &articles {
        for (i, u) in segment::segment(&art.text, &labels.boilerplate)
            .iter()
            .enumerate()
        {
            let rec = serde_json::json!({
                "doc": art.id, "i": i, "start": u.span.start, "end": u.span.end,
                "boilerplate": u.boilerplate, "text": u.span.slice(&art.text),
            });
            writeln!(w, "{rec}")?;
        }
    }
    w.flush()?;
    if articles.is_empty() {
        anyhow::bail!("no readable input among {} path(s)", a.inputs.len());
    }
    Ok(if failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}

/// A labelled corpus loaded: label data, articles, hand labels, target names.
struct Labelled {
    labels: Labels,
    articles: Vec<Article>,
    failed: usize,
    gold: Vec<SentenceRecord>,
    targets: Vec<String>,
}

fn load_labelled(a: &crate::cli::LabelledArgs) -> Result<Labelled> {
    let labels = load_labels(&a.label_data)?;
    let (articles, failed) = read(std::slice::from_ref(&a.corpus), &a.label_data);
    let targets: Vec<String> = labels.targets.iter().map(|t| t.name.clone()).collect();
    let names: Vec<String> = labels.stance.iter().map(|l| l.name.clone()).collect();
    let gold = record::read_labels(&a.labels, &targets, &names)?;
    Ok(Labelled {
        labels,
        articles,
        failed,
        gold,
        targets,
    })
}

fn eval_cmd(a: EvalArgs) -> Result<u8> {
    let l = load_labelled(&a.corpus)?;
    let (labels, articles, failed, gold, targets) =
        (l.labels, l.articles, l.failed, l.gold, l.targets);
    let names: Vec<String> = labels.stance.iter().map(|l| l.name.clone()).collect();
    // Without --pred the run's own outputs (report.html with the evaluation) are written too.
    let (read, mut run): (Vec<SentenceRecord>, Option<export::RunOutput>) = match &a.pred {
        Some(p) => (record::read_jsonl(p)?, None),
        None => {
            let pipe = build_pipeline(
                &a.corpus.model,
                a.corpus.label_data.label_dir.as_deref(),
                labels,
            )?;
            let out = analyse(&pipe, articles.clone(), a.corpus.quiet, false)?;
            (Vec::new(), Some(out))
        }
    };
    let rep = eval::evaluate(&eval::Inputs {
        articles: &articles,
        gold: &gold,
        pred: run.as_ref().map_or(&read, |o| &o.records),
        targets: &targets,
        labels: &names,
    })?;
    if let (Some(dir), Some(out)) = (&a.out, run.as_mut()) {
        out.eval = Some(rep.clone());
        export::write_all(dir, out)?;
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&rep)?);
    } else {
        print!("{}", crate::eval_text::render(&rep));
    }
    if let Some(dir) = &a.out {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("eval.json"), serde_json::to_string_pretty(&rep)?)?;
        std::fs::write(dir.join("eval.txt"), crate::eval_text::render(&rep))?;
        std::fs::write(
            dir.join("confusion.svg"),
            crate::eval_chart::confusion_svg(&rep),
        )?;
        std::fs::write(
            dir.join("per_target.svg"),
            crate::eval_chart::per_target_svg(&rep),
        )?;
    }
    Ok(if failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}

/// The fit settings the flags ask for, checked against the labels in use.
fn fit_options(a: &FitArgs, labels: &Labels) -> Result<fit::FitOptions> {
    if !(a.l2.is_finite() && a.l2 >= 0.0) {
        anyhow::bail!("--l2 {}: must be a number >= 0", a.l2);
    }
    let opts = fit::FitOptions {
        l2: a.l2,
        cue_words: !a.no_cue_words,
        standardise: !a.no_standardise,
        quotes: a.quotes,
        ..fit::FitOptions::default()
    };
    if opts.cue_words && labels.cue_words.is_empty() {
        anyhow::bail!(
            "the labels folder has no lexicon.toml, so there are no cue words to learn from; \
             add one (see labels/lexicon.toml) or pass --no-cue-words"
        );
    }
    Ok(opts)
}

/// Score `articles` with `pipe` and pair each classified, hand-labelled mention with its
/// gold label: the training examples of `fit`.
fn labelled_examples(
    pipe: &Pipeline,
    articles: &[Article],
    gold: &[SentenceRecord],
    names: &[String],
    targets: &[String],
    quiet: bool,
) -> Result<(eval::EvalReport, Vec<fit::Example>)> {
    let pb = progress(articles.len(), quiet, "scoring");
    let analysed = pipe.run(articles.to_vec(), &|k| pb.inc(k as u64))?;
    pb.finish_and_clear();
    let out = output(pipe, &analysed, false);
    let rep = eval::evaluate(&eval::Inputs {
        articles,
        gold,
        pred: &out.records,
        targets,
        labels: names,
    })?;
    let examples = fit::examples(&rep.items, &analysed, names, targets);
    Ok((rep, examples))
}

/// `--add-corpus` must give at least one classified labelled mention.
fn ensure_classified(ex: &[fit::Example], file: &Path) -> Result<()> {
    if ex.is_empty() {
        anyhow::bail!(
            "no labelled mention of {} was classified; check that --add-labels matches --add-corpus",
            file.display()
        );
    }
    Ok(())
}

fn fit_cmd(a: FitArgs) -> Result<u8> {
    let l = load_labelled(&a.corpus)?;
    let (labels, articles, mut failed, gold, targets) =
        (l.labels, l.articles, l.failed, l.gold, l.targets);
    let names: Vec<String> = labels.stance.iter().map(|l| l.name.clone()).collect();
    let per_label = labels.templates_per_label();
    let mut m = a.corpus.model.clone();
    m.calibration = None;
    m.scoring = Scoring::Plain;
    let opts = fit_options(&a, &labels)?;
    // Read the added corpus before the long scoring run, so that a bad path fails fast.
    let added = match (&a.add_corpus, &a.add_labels) {
        (Some(dir), Some(file)) => {
            let (arts, bad) = read(std::slice::from_ref(dir), &a.corpus.label_data);
            failed += bad;
            Some((arts, record::read_labels(file, &targets, &names)?, file))
        }
        _ => None,
    };
    let pipe = build_pipeline(&m, None, labels)?;
    let (rep, examples) =
        labelled_examples(&pipe, &articles, &gold, &names, &targets, a.corpus.quiet)?;
    if examples.is_empty() {
        anyhow::bail!("no labelled mention was classified; check that --labels matches --corpus");
    }
    let extra = match added {
        Some((arts, gold, file)) => {
            let (_, ex) = labelled_examples(&pipe, &arts, &gold, &names, &targets, a.corpus.quiet)?;
            ensure_classified(&ex, file)?;
            ex
        }
        None => Vec::new(),
    };
    if a.cv {
        let pool = match &a.cv_pool {
            Some(path) => Some(
                record::read_jsonl(path)?
                    .into_iter()
                    .map(|r| (r.doc, r.i))
                    .collect::<std::collections::BTreeSet<_>>(),
            ),
            None => None,
        };
        if let Some(p) = &pool {
            let used = examples
                .iter()
                .filter(|e| p.contains(&(e.doc.clone(), e.unit)))
                .count();
            eprintln!(
                "geostance: --cv-pool: {} unit(s) listed, {used} labelled mention(s) in them",
                p.len()
            );
        }
        let pred = fit::cross_validate_folds(
            &fit::Folds {
                examples: &examples,
                extra: &extra,
                pool: pool.as_ref(),
                labels: &names,
                targets: &targets,
                per_label: &per_label,
            },
            opts,
        );
        let items = fit::cv_items(&rep.items, &examples, &pred, &names);
        let all: Vec<&eval::StanceItem> = items.iter().collect();
        let strict = eval::class_report(&all, false, &names);
        let lenient = eval::class_report(&all, true, &names);
        println!(
            "leave-one-article-out: stance macro-F1 {:.3} (lenient {:.3}), accuracy {:.3}, over {} labelled mentions ({} classified)",
            strict.macro_avg.f1, lenient.macro_avg.f1, strict.accuracy, items.len(), examples.len()
        );
    }
    let n_main = examples.len();
    let n_extra = extra.len();
    let all = [examples, extra].concat();
    let head = fit::train(&all, &names, &targets, &per_label, opts);
    std::fs::write(&a.out, serde_json::to_string_pretty(&head)?)
        .with_context(|| format!("writing {}", a.out.display()))?;
    let added = match n_extra {
        0 => String::new(),
        n => format!(" and {n} from --add-corpus"),
    };
    eprintln!(
        "geostance: fitted on {n_main} labelled mentions{added}; wrote {}",
        a.out.display()
    );
    Ok(if failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}

fn suggest_cmd(a: SuggestArgs) -> Result<u8> {
    let labels = load_labels(&a.labels)?;
    let names: Vec<String> = labels.stance.iter().map(|l| l.name.clone()).collect();
    let per_label = labels.templates_per_label();
    let (records, failed) = match &a.from {
        Some(path) => (record::read_jsonl(path)?, 0),
        None => {
            let (articles, failed) = read(&a.inputs, &a.labels);
            if articles.is_empty() {
                anyhow::bail!(
                    "no readable input among {} path(s); nothing to rank",
                    a.inputs.len()
                );
            }
            let pipe = build_pipeline(&a.model, a.labels.label_dir.as_deref(), labels)?;
            (analyse(&pipe, articles, a.quiet, true)?.records, failed)
        }
    };
    let mut labelled = Vec::new();
    for path in &a.exclude {
        labelled.extend(record::read_jsonl(path)?);
    }
    let setup = crate::suggest::Setup {
        labels: &names,
        per_label: &per_label,
    };
    let picked = crate::suggest::suggest(&records, &labelled, &setup, a.count).with_context(
        || match &a.from {
            Some(p) => format!("ranking {}", p.display()),
            None => "ranking the classified units".to_string(),
        },
    )?;
    let out = crate::suggest::to_records(&records, &picked);
    let mut body = String::new();
    for r in &out {
        body.push_str(&serde_json::to_string(r)?);
        body.push('\n');
    }
    export::write_atomic(&a.out, body.as_bytes())
        .with_context(|| format!("writing {}", a.out.display()))?;
    if !a.quiet {
        let docs: std::collections::BTreeSet<&str> = out.iter().map(|r| r.doc.as_str()).collect();
        eprintln!(
            "geostance: {} unit(s) from {} article(s) to label in {} (correct the pre-filled labels, then `geostance fit ... --add-labels` with it)",
            out.len(),
            docs.len(),
            a.out.display()
        );
    }
    Ok(if failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}

fn merge_cmd(a: MergeArgs) -> Result<u8> {
    let shards = a
        .summaries
        .iter()
        .map(|p| crate::merge::read_shard(p))
        .collect::<crate::Result<Vec<_>>>()?;
    let (summary, records) = crate::merge::merge(&shards)?;
    let (n_articles, n_records) = (summary.articles, records.len());
    let out = RunOutput {
        records,
        summary,
        eval: None,
    };
    let written = export::write_all(&a.out, &out)
        .with_context(|| format!("writing to {}", a.out.display()))?;
    if !a.quiet {
        eprintln!(
            "geostance: merged {} shard(s): {n_articles} articles, {n_records} units; wrote {}",
            shards.len(),
            written
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(EXIT_OK)
}
