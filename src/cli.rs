//! The command line: the reader and the subcommands that print the same analysis for scripts.
//! The argument definitions are here; each subcommand's work is in [`commands`], and the study
//! sessions' (`lead`, `follow`, `sessions`) in [`session`].

mod brief;
mod commands;
mod export;
pub mod lang;
mod session;
mod suggest;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::config::{ColorMode, Config, ConfigError};
use crate::document::{Document, LoadError, load_path};
use crate::keymap::parse_vim;
use crate::library::trends::TrendSort;
use crate::report::brief::{BriefFormat, NotesFormat};
use crate::report::trends::TrendsFormat;
use crate::report::{DataFormat, Format};
use crate::samples;
use crate::state::{DocState, Store, content_hash};
use crate::tui::{self, TerminalError};
use crate::ui::theme::Theme;
use crate::width::AmbiguousWidth;
use lang::say;

/// A terminal reader for Chinese official speeches and work reports.
#[derive(Debug, Parser)]
#[command(name = "jianghua", version, about)]
pub struct Cli {
    /// Speeches to open: .txt, .docx or .md files, or directories (searched recursively); `-`
    /// reads standard input. Without any, the config's `library`, else an embedded sample.
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub reader: ReaderArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options shared by the reader and `render`.
#[derive(Debug, Clone, Default, Args)]
pub struct ReaderArgs {
    /// Config file (default: `$JIANGHUA_CONFIG`, then `$XDG_CONFIG_HOME/jianghua/config.toml`, then `~/.config/jianghua/config.toml`).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Extra term-list file (repeatable), e.g. a study group's shared list.
    #[arg(long = "terms", global = true, value_name = "FILE")]
    pub terms: Vec<PathBuf>,
    /// Capture the mouse (wheel scrolls, click selects in the outline).
    #[arg(long, global = true)]
    pub mouse: bool,
    /// When to use colour.
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorMode>,
    /// Width of “ ” … — ·: narrow (most terminals) or wide (CJK terminals).
    #[arg(long, global = true, value_enum, value_name = "MODEL")]
    pub ambiguous_width: Option<AmbiguousWidth>,
    /// Widest text column in terminal columns.
    #[arg(long, global = true, value_name = "COLUMNS")]
    pub reading_width: Option<u16>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the outline: parts, chapters, items and enumerator series.
    Outline {
        /// The speech (.txt; `-` reads standard input).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the formulations: configured terms per list, discovered formulas, quoted phrases, keywords.
    Terms {
        /// The speech (.txt; `-` reads standard input).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DataFormat::Text)]
        format: DataFormat,
        /// Number of keywords (default: `top` in the config's [keywords], 20).
        #[arg(long, value_name = "N")]
        top: Option<usize>,
    },
    /// Count every configured term and discovered formulation per document, ordered by date.
    Trends {
        /// Directories or files of speeches.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format (CSV is UTF-8 with a BOM, one row per term, one column per document).
        #[arg(long, value_enum, default_value_t = TrendsFormat::Text)]
        format: TrendsFormat,
        /// Order of the terms.
        #[arg(long, value_enum, default_value_t = TrendSort::Total)]
        sort: TrendSort,
    },
    /// Compare two speeches: formulations and keywords new, dropped and changed, the outlines side by side, new sentences of B.
    Compare {
        /// The earlier speech.
        a: PathBuf,
        /// The later speech.
        b: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print what the reader shows after typing KEYS, as plain text (for tests and scripts).
    Render {
        /// Speeches or directories, as for the reader. Without any, the embedded sample.
        files: Vec<PathBuf>,
        /// Screen size, `WIDTHxHEIGHT`.
        #[arg(long, default_value = "80x24", value_parser = parse_size)]
        size: (u16, u16),
        /// Keys in vim notation: literal characters plus <CR> <Esc> <Tab> <S-Tab> <C-d> <Up> <Down> <PageDown> <Space> <lt> ….
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        keys: String,
        /// Wait for the keywords before the first frame (the reader itself never waits).
        #[arg(long)]
        wait_analysis: bool,
        /// Read the saved position, marks and notes (off by default; render never writes them).
        #[arg(long)]
        state: bool,
        /// Do not read saved state (the default; kept for scripts that ask for it).
        #[arg(long, hide = true, conflicts_with = "state")]
        no_state: bool,
    },
    /// Lead a study session (学习小组): members follow your place in their own terminals.
    Lead {
        /// The speech (default: the embedded sample).
        file: Option<PathBuf>,
        /// The session's name (default: your login name).
        #[arg(long)]
        name: Option<String>,
        /// Let the members of GROUP join (default: only your own user).
        #[arg(long, value_name = "GROUP", conflicts_with = "open")]
        group: Option<String>,
        /// Let every local user join.
        #[arg(long)]
        open: bool,
        /// Run on a virtual screen of `WIDTHxHEIGHT`, keys from standard input (tests, benchmarks).
        #[arg(long, hide = true, value_parser = parse_size)]
        headless: Option<(u16, u16)>,
    },
    /// Follow a study session: the leader's document and place, at your own size.
    Follow {
        /// The session: NAME, or USER/NAME (default: the only one running).
        name: Option<String>,
        /// Your own copy of the speech, used when its text is the leader's.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Run on a virtual screen of `WIDTHxHEIGHT` and trace each position drawn (tests, benchmarks).
        #[arg(long, hide = true, value_parser = parse_size)]
        headless: Option<(u16, u16)>,
    },
    /// List the study sessions you may follow: name, leader, followers, access, title.
    Sessions {
        /// Output format.
        #[arg(long, value_enum, default_value_t = DataFormat::Text)]
        format: DataFormat,
    },
    /// Print your notes on a speech, in document order.
    Notes {
        /// The speech (.txt; `-` reads standard input).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = NotesFormat::Markdown)]
        format: NotesFormat,
    },
    /// Print the one-page study brief (学习要点): outline, formulations, keywords, your marks and notes.
    Brief {
        /// The speech (.txt; `-` reads standard input).
        file: PathBuf,
        /// Output format (default markdown; with -o FILE, the extension decides: .md, .txt, .docx).
        #[arg(long, value_enum)]
        format: Option<BriefFormat>,
        /// Write to OUT instead of standard output: a file (.md, .txt or .docx; an existing file
        /// needs --force) or a directory (the brief takes a name from the title and never replaces
        /// a file). `~/` is your home directory; directories are never created.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// Replace OUT if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a library as `_bulk` NDJSON for a search engine (`OpenSearch`, Elasticsearch), to standard output.
    Export {
        /// Directories or files of speeches.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = export::ExportFormat::Opensearch)]
        format: export::ExportFormat,
        /// The index the documents go to.
        #[arg(long, default_value = "jianghua", value_name = "NAME")]
        index: String,
    },
    /// Compute keywords for the reader in a separate process (internal).
    #[command(name = "keywords-worker", hide = true)]
    KeywordsWorker,
}

fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let wrong = || say("尺寸要写成 80x24 这样", "size must look like 80x24");
    let (w, h) = s.split_once(['x', 'X', '×']).ok_or_else(wrong)?;
    let parse = |v: &str| v.trim().parse::<u16>().map_err(|_| wrong());
    Ok((parse(w)?, parse(h)?))
}

/// An error for the user: printed as one line, exit status 2, worded by [`lang::describe`]
/// (`Usage` carries text already in the user's language).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Terminal(#[from] TerminalError),
    #[error("{0}")]
    Usage(String),
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
}

/// Load the document named on the command line, or the embedded sample.
pub fn open(file: Option<&Path>) -> Result<Document, LoadError> {
    if let Some(path) = file {
        load_path(path)
    } else {
        let (name, text) = samples::default_sample();
        Ok(samples::load(name, text))
    }
}

/// Open what the command line names: one file (its error is the command's error), several files
/// or directories (unreadable ones are skipped with a warning each), or the embedded sample.
pub fn open_many(files: &[PathBuf]) -> Result<(Vec<Document>, Vec<String>), CliError> {
    match files {
        [] => Ok((vec![open(None)?], Vec::new())),
        [one] if !one.is_dir() => Ok((vec![open(Some(one))?], Vec::new())),
        _ => {
            let opened = crate::document::open_all(files);
            if opened.docs.is_empty() {
                let why = opened.warnings.first().cloned();
                return Err(CliError::Usage(match why {
                    Some(why) => say(format!("没有可读的文档：{why}"), format!("nothing to read: {why}")),
                    None => say(
                        "没有可读的文档：没有 .txt、.docx 或 .md 文件",
                        "nothing to read: no .txt, .docx or .md files",
                    ),
                }));
            }
            Ok((opened.docs, opened.warnings))
        }
    }
}

/// Print to standard output. Everything printed passes the sanitiser here, whatever it was
/// made from (documents, term lists, notes, file names).
fn emit(text: &str) -> Result<(), CliError> {
    let text = crate::document::safe(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(CliError::Output),
    }
}

/// Print one line to standard error, sanitised like everything else that is printed.
pub fn warn(line: &str) {
    eprintln!("jianghua: {}", crate::document::safe(line));
}

/// The saved state of a document (empty when there is none, or no data directory).
fn saved_state(doc: &Document) -> Result<DocState, CliError> {
    let Some(store) = Store::locate() else { return Ok(DocState::new(&content_hash(doc.text()))) };
    crate::app::saved_state(&store, doc).0.map_err(|e| CliError::Usage(e.to_string()))
}

/// The configuration with command-line overrides applied.
pub fn config(args: &ReaderArgs) -> Result<Config, ConfigError> {
    let mut config = Config::load(args.config.as_deref(), &args.terms)?;
    if let Some(c) = args.color {
        config.reader.color = c;
    }
    if let Some(a) = args.ambiguous_width {
        config.reader.ambiguous_width = a;
        config.reader.ambiguous_auto = false;
    }
    if let Some(w) = args.reading_width {
        config.reader.reading_width = w.clamp(20, 400);
    }
    config.reader.mouse |= args.mouse;
    Ok(config)
}

/// Should colour be used? `auto` honours `NO_COLOR` and `TERM=dumb`.
#[must_use]
pub fn use_color(mode: ColorMode) -> bool {
    match mode {
        ColorMode::Always => true,
        ColorMode::Never => false,
        ColorMode::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// The reader and `render` compute keywords in a worker process, so the reader never holds
/// jieba's dictionaries; only the reader keeps them in the cache (`render` writes nothing).
fn keyword_setup(command: Option<&Command>) {
    use crate::terms::keywords::worker::{Setup, enable};
    let program = std::env::current_exe().ok();
    match command {
        None | Some(Command::Lead { headless: None, .. } | Command::Follow { headless: None, .. }) => {
            enable(Setup { program, cache: crate::cache::Cache::locate() });
        }
        Some(Command::Render { .. } | Command::Lead { .. } | Command::Follow { .. }) => {
            enable(Setup { program, cache: None });
        }
        Some(_) => {}
    }
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let reader = &cli.reader;
    keyword_setup(cli.command.as_ref());
    match cli.command {
        Some(Command::Outline { file, format }) => commands::outline(&file, format),
        Some(Command::Notes { file, format }) => commands::notes(&file, format),
        Some(Command::Brief { file, format, output, force }) => {
            commands::brief(&config(reader)?, &file, format, output.as_deref(), force)
        }
        Some(Command::Trends { paths, format, sort }) => commands::trends(&config(reader)?, &paths, format, sort),
        Some(Command::Compare { a, b, format }) => commands::compare(&config(reader)?, &a, &b, format),
        Some(Command::Terms { file, format, top }) => commands::terms(&config(reader)?, &file, format, top),
        Some(Command::Lead { file, name, group, open, headless }) => {
            let access = session::access(group.as_deref(), open)?;
            session::lead(reader, file.as_deref(), name.as_deref(), access, headless)
        }
        Some(Command::Follow { name, file, headless }) => {
            session::follow(reader, name.as_deref(), file.as_deref(), headless)
        }
        Some(Command::Sessions { format }) => session::sessions(format),
        Some(Command::Export { paths, format, index }) => export::export(&config(reader)?, &paths, format, &index),
        Some(Command::KeywordsWorker) => {
            crate::terms::keywords::worker::serve(std::io::stdin().lock(), std::io::stdout().lock())
                .map_err(CliError::Output)
        }
        Some(Command::Render { files, size, keys, wait_analysis, state, no_state: _ }) => {
            let keys = parse_vim(&keys).map_err(CliError::Usage)?;
            // Without keys, the first screen is the reader's first frame: a big document's head.
            // Keys are applied to the whole document, so what they show does not depend on timing.
            let progressive = keys.is_empty() && !wait_analysis;
            let mut app = commands::reader_app(config(reader)?, &files, state, progressive)?;
            if wait_analysis {
                tui::wait_for_analysis(&mut app);
            }
            let (screen, refused) = tui::render_reporting(&mut app, size.0, size.1, &keys);
            let mut err = std::io::stderr().lock();
            for what in refused {
                let line = say(
                    format!("render 从不写入，所以没有执行：{what}"),
                    format!("render would {what}; it never writes, so it did not"),
                );
                let _ = writeln!(err, "jianghua: {}", crate::document::safe(&line));
            }
            emit(&screen)
        }
        None => {
            if let Some(meant) = cli.files.first().and_then(|f| suggest::meant_subcommand(f)) {
                let typed = cli.files[0].display();
                return Err(CliError::Usage(say(
                    format!(
                        "没有名为「{typed}」的子命令或文件；是不是想用 `jianghua {meant}`？（见 `jianghua --help`）"
                    ),
                    format!(
                        "no subcommand or file named '{typed}'; did you mean `jianghua {meant}`? (see `jianghua --help`)"
                    ),
                )));
            }
            let config = config(reader)?;
            let files = if cli.files.is_empty() { config.library.iter().cloned().collect() } else { cli.files.clone() };
            let theme = Theme::new(use_color(config.reader.color), config.reader.ambiguous_width);
            let mouse = config.reader.mouse;
            let mut app = commands::reader_app(config, &files, true, true)?;
            tui::check_terminal()?;
            if let Some(warning) = tui::locale_warning() {
                warn(&say(format!("提醒：{warning}"), format!("warning: {warning}")));
                app.message = Some(warning);
            }
            let sessions = tui::session::Sessions::new(crate::session::SessionDir::from_env(), app.store.clone());
            tui::run(app, theme, mouse, sessions)?;
            Ok(())
        }
    }
}
