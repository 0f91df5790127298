//! The ossutil command line: split like a shell, `oss://bucket/key` urls, `--name value`
//! options. ossutil 1.x's commands as the OSS docs use them, plus a few lab commands marked
//! as such in [`HELP`] (the lab has no local disk, no config file and a virtual clock).

/// What `help` prints.
pub const HELP: &str = "ossutil commands:
  ls [oss://bucket[/prefix]] [--all-versions] [--limited-num N] [--marker K] [--version-id-marker V]
  stat oss://bucket/key [--version-id ID]     stat oss://bucket
  cat oss://bucket/key [--version-id ID]
  cp text:\"hello\" oss://bucket/key [--storage-class Archive] [--forbid-overwrite] [--bigfile-threshold N]
  cp oss://bucket/key oss://bucket/key2 [--version-id ID] [--forbid-overwrite]
  rm oss://bucket/key [--version-id ID]
  restore oss://bucket/key [--version-id ID] [--days N] [--tier Standard|Expedited|Bulk]
  bucket-versioning --method put oss://bucket enabled|suspended     bucket-versioning --method get oss://bucket
  lifecycle --method put oss://bucket text:\"<LifecycleConfiguration>…\"     lifecycle --method get|delete oss://bucket
  set-acl oss://bucket/key ACL [--version-id ID]   set-acl oss://bucket ACL -b
  object-tagging --method put|get|delete oss://bucket/key [key#value ...] [--version-id ID]
  appendfromfile text:\"more\\n\" oss://bucket/key [--position N]   (\\n is a newline; --position is the lab's: no length check first)
  create-symlink oss://bucket/link oss://bucket/target
  read-symlink oss://bucket/link [--version-id ID]
  du oss://bucket[/prefix] [--all-versions]   (with what each version costs)
  mb oss://bucket        rb oss://bucket
lab commands (not ossutil's):
  clean-restored-object oss://bucket/key [--version-id ID]   (the CleanRestoredObject API)
  bill oss://bucket                  (GET /_osslab/bill: the bucket's storage bill)
  clock [pause|play|+30s|+1m|+2h|+3d]   (the virtual clock)
  repeat N [--daily] COMMAND         (run COMMAND N times, {i} counts 0…N-1; --daily moves the clock a day after each)
Keys: ↑/↓ recall earlier commands.";

/// Split a command line like a shell: spaces separate, double quotes group, `\` escapes
/// (and `\n` is a newline).
pub fn split_args(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            // `\n` is a newline (the lab's text: sources have no file to hold one); `\` before
            // anything else keeps that character as it is.
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(if n == 'n' { '\n' } else { n });
                    any = true;
                }
            }
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// `oss://bucket/key` → (bucket, key).
pub fn parse_url(url: &str) -> Result<(String, String), String> {
    let rest = url.strip_prefix("oss://").ok_or_else(|| {
        format!("invalid cloud url: {url:?}, please make sure the url starts with: \"oss://\"")
    })?;
    let (b, k) = rest.split_once('/').unwrap_or((rest, ""));
    if b.is_empty() {
        return Err("invalid cloud url: the bucket name is empty".into());
    }
    Ok((b.to_string(), k.to_string()))
}

/// `--name value` options and positional arguments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args {
    pub positional: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

/// Options that take no value.
const FLAGS: [&str; 6] = [
    "--all-versions",
    "--forbid-overwrite",
    "-r",
    "-b",
    "--bucket",
    "--daily",
];

impl Args {
    pub fn parse(args: &[String]) -> Args {
        let mut a = Args::default();
        let mut it = args.iter();
        while let Some(x) = it.next() {
            if x.starts_with('-') && x.len() > 1 {
                if let Some((k, v)) = x.split_once('=') {
                    a.options.push((k.to_string(), Some(v.to_string())));
                } else if FLAGS.contains(&x.as_str()) {
                    a.options.push((x.clone(), None));
                } else {
                    a.options.push((x.clone(), it.next().cloned()));
                }
            } else {
                a.positional.push(x.clone());
            }
        }
        a
    }

    pub fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(k, _)| k == name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// The first positional argument as an `oss://` url.
    pub fn url(&self) -> Result<(String, String), String> {
        let url = self
            .positional
            .first()
            .ok_or_else(|| format!("Error: the command needs an oss:// url\n\n{HELP}"))?;
        parse_url(url).map_err(|e| format!("Error: {e}"))
    }
}

/// A command line: the command and its arguments (`ossutil` / `ossutil64` in front is
/// dropped); `None` for an empty line.
pub fn parse_line(line: &str) -> Option<(String, Args)> {
    let args = split_args(line);
    let args: &[String] = match args.first().map(String::as_str) {
        Some("ossutil" | "ossutil64") => &args[1..],
        _ => &args,
    };
    let (cmd, rest) = args.split_first()?;
    Some((cmd.clone(), Args::parse(rest)))
}

/// `repeat N [--daily] COMMAND…`: (N, daily, the command line with `{i}` still in it).
pub fn parse_repeat(line: &str) -> Option<Result<(u32, bool, String), String>> {
    let rest = line.trim_start().strip_prefix("repeat")?;
    let usage = || "Error: usage: repeat N [--daily] COMMAND (N from 1 to 1000)".to_string();
    let rest = rest.trim_start();
    let (n, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let Some(n) = n.parse::<u32>().ok().filter(|n| (1..=1000).contains(n)) else {
        return Some(Err(usage()));
    };
    let rest = rest.trim_start();
    let (daily, command) = match rest.strip_prefix("--daily") {
        Some(c) => (true, c.trim_start()),
        None => (false, rest),
    };
    if command.is_empty() || command.starts_with("repeat") {
        return Some(Err(usage()));
    }
    Some(Ok((n, daily, command.to_string())))
}

/// `+30s`, `+1m`, `+2h`, `+3d` (also without `+`) in milliseconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches('+');
    let unit = t.chars().last()?;
    let n: i64 = t[..t.len() - unit.len_utf8()].parse().ok()?;
    let ms = match unit {
        's' => 1_000,
        'm' => 60_000,
        'h' => 3_600_000,
        'd' => 86_400_000,
        _ => return None,
    };
    (n > 0).then(|| n.checked_mul(ms)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_a_shell() {
        assert_eq!(
            split_args(r#"cp text:"a b" oss://b/k\ 1 --version-id=x"#),
            ["cp", "text:a b", "oss://b/k 1", "--version-id=x"]
        );
        assert_eq!(split_args("  "), Vec::<String>::new());
        assert_eq!(split_args(r#"cp text:"" x"#), ["cp", "text:", "x"]);
        assert_eq!(split_args(r#"text:"a\nb""#), ["text:a\nb"]);
    }

    #[test]
    fn commands_parse_with_options_and_urls() {
        let (cmd, a) =
            parse_line("ossutil ls oss://b/logs/ --all-versions --limited-num 5").unwrap();
        assert_eq!(cmd, "ls");
        assert!(a.flag("--all-versions"));
        assert_eq!(a.value("--limited-num"), Some("5"));
        assert_eq!(a.url().unwrap(), ("b".into(), "logs/".into()));
        assert!(parse_line("").is_none());
        assert!(parse_url("b/k").is_err());
        assert!(parse_url("oss:///k").is_err());
    }

    #[test]
    fn repeat_and_durations() {
        assert_eq!(
            parse_repeat("repeat 3 --daily cp text:\"d {i}\" oss://b/k"),
            Some(Ok((3, true, "cp text:\"d {i}\" oss://b/k".into())))
        );
        assert!(parse_repeat("repeat 0 ls").unwrap().is_err());
        assert!(parse_repeat("repeat 2 repeat 2 ls").unwrap().is_err());
        assert_eq!(parse_repeat("ls"), None);
        assert_eq!(parse_duration("+1m"), Some(60_000));
        assert_eq!(parse_duration("2d"), Some(2 * 86_400_000));
        assert_eq!(parse_duration("+0m"), None);
        assert_eq!(parse_duration("soon"), None);
    }
}
