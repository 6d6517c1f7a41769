//! The one way tests reach the world: a sandbox with its own `HOME`, every `XDG_*` directory and
//! a working directory, all inside one temporary directory that is removed afterwards.
//!
//! Every test that touches config, state or export goes through it, so no test reads the
//! developer's `~/.config/jianghua` or writes outside its temporary directory:
//! - [`Sandbox::command`] runs the binary with that environment (and `JIANGHUA_CONFIG` unset);
//! - [`Sandbox::app`] builds an `App` whose saved state and config file are in the sandbox, and
//!   [`Sandbox::settle`] carries out its effects as the terminal reader would, writing only
//!   there (relative export paths land in the sandbox's working directory).
#![allow(dead_code, reason = "each test file uses the part it needs")]

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jianghua::app::{App, DocView, Effect};
use jianghua::config::Config;
use jianghua::state::Store;
use jianghua::writer::Writer;

/// A temporary home, XDG directories and working directory.
pub struct Sandbox {
    root: tempfile::TempDir,
}

/// The environment variables a sandboxed command gets, relative to the root.
const DIRS: [(&str, &str); 6] = [
    ("HOME", "home"),
    ("XDG_CONFIG_HOME", "home/.config"),
    ("XDG_DATA_HOME", "home/.local/share"),
    ("XDG_CACHE_HOME", "home/.cache"),
    ("XDG_STATE_HOME", "home/.local/state"),
    ("XDG_RUNTIME_DIR", "run"),
];

impl Sandbox {
    #[must_use]
    pub fn new() -> Self {
        let root = tempfile::Builder::new().prefix("jianghua-test-").tempdir().expect("a temporary directory");
        for (_, dir) in DIRS {
            std::fs::create_dir_all(root.path().join(dir)).expect("sandbox directories");
        }
        std::fs::create_dir_all(root.path().join("cwd")).expect("the working directory");
        // As the XDG spec asks of the runtime directory.
        let runtime = std::fs::Permissions::from_mode(0o700);
        std::fs::set_permissions(root.path().join("run"), runtime).expect("runtime directory mode");
        Self { root }
    }

    /// The sandbox itself: everything a test may write is below it.
    #[must_use]
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    #[must_use]
    pub fn home(&self) -> PathBuf {
        self.root().join("home")
    }

    /// The working directory of sandboxed commands.
    #[must_use]
    pub fn cwd(&self) -> PathBuf {
        self.root().join("cwd")
    }

    /// Where the reader looks for the user's config file.
    #[must_use]
    pub fn config_file(&self) -> PathBuf {
        self.root().join("home/.config/jianghua/config.toml")
    }

    /// Where the reader keeps reading state.
    #[must_use]
    pub fn state_dir(&self) -> PathBuf {
        self.root().join("home/.local/share/jianghua")
    }

    /// Write a file under the sandbox (parents created) and return its path.
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("parent directories");
        std::fs::write(&path, bytes).expect("write a sandbox file");
        path
    }

    /// The binary, to run in the sandbox.
    #[must_use]
    pub fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_jianghua"));
        for (var, dir) in DIRS {
            c.env(var, self.root().join(dir));
        }
        // Messages are Chinese unless the locale is English: the default here, whatever the
        // developer's locale (`LC_ALL` and `LC_MESSAGES` would win over `LANG`).
        c.env("LANG", "zh_CN.UTF-8").env_remove("LC_ALL").env_remove("LC_MESSAGES");
        c.env_remove("JIANGHUA_CONFIG").current_dir(self.cwd());
        c
    }

    /// Run the binary with `args` in the sandbox.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run jianghua")
    }

    /// A reader over `docs` whose state and config file are in the sandbox.
    #[must_use]
    pub fn app(&self, mut config: Config, docs: Vec<DocView>) -> App {
        config.sources.explicit = Some(self.config_file());
        let mut app = App::new(config, docs);
        app.attach_store(Store::at(&self.state_dir()));
        app
    }

    /// Carry out the app's queued effects as the terminal reader would, writing only in the
    /// sandbox. Returns the effects that need a terminal (copy, suspend, quit …), untouched.
    /// `~` in a brief's path is the sandbox's home.
    pub fn settle(&self, app: &mut App) -> Vec<Effect> {
        settle_with(&Writer::at(&self.cwd()).with_home(&self.home()), app)
    }

    /// Every file below the sandbox, relative to it, sorted.
    #[must_use]
    pub fn files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![self.root().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    out.push(path.strip_prefix(self.root()).unwrap_or(&path).to_path_buf());
                }
            }
        }
        out.sort();
        out
    }
}

/// Carry out an app's queued effects that write files, with relative paths taken from `base`,
/// and give it the answers. Returns the other effects, untouched.
pub fn settle_at(base: &Path, app: &mut App) -> Vec<Effect> {
    settle_with(&Writer::at(base), app)
}

/// Carry out an app's queued effects that write files with `files`, and give it the answers.
/// Returns the other effects, untouched.
pub fn settle_with(files: &Writer, app: &mut App) -> Vec<Effect> {
    let mut left = Vec::new();
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return left;
        }
        for effect in effects {
            match files.perform(effect, app) {
                Ok(outcomes) => outcomes.into_iter().for_each(|o| app.outcome(o)),
                Err(other) => left.push(other),
            }
        }
    }
}

/// [`settle_at`] for an app made by [`Sandbox::app`]: relative paths land in the sandbox (beside
/// its saved state), never in the directory the tests run in.
pub fn settle(app: &mut App) -> Vec<Effect> {
    let base = app.store.as_ref().expect("an app from Sandbox::app").dir().to_path_buf();
    settle_at(&base, app)
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}
