//! The person-name lexicon: the family and given names of IPADIC (src/rules/surnames.txt
//! and given_names.txt, made by scripts/make-surnames.sh from Debian's mecab-ipadic;
//! licence in surnames.LICENSE), built into the binary as data. It is evidence where the
//! layout is not: a bare `○田中太郎` is a speaker's turn because 田中 is a family name,
//! while `○議事概要` is not one; `柿沼輝信教育次長` is 柿沼輝信 and a post because 輝信 is a
//! given name. Each list is loaded on first use (12,133 family names, about 0.3 ms; 17,879
//! given names, about 0.4 ms), so a run that never asks pays nothing.

use std::sync::OnceLock;

const SURNAMES: &str = include_str!("rules/surnames.txt");
const GIVEN_NAMES: &str = include_str!("rules/given_names.txt");

fn given_names() -> &'static Names {
    static SET: OnceLock<Names> = OnceLock::new();
    SET.get_or_init(|| Names::new(GIVEN_NAMES))
}

/// Whether `word` is a given name of the lexicon, exactly (`太郎`, `郁夫`).
pub fn is_given_name(word: &str) -> bool {
    given_names().contains(word)
}

fn surnames() -> &'static Names {
    static SET: OnceLock<Names> = OnceLock::new();
    SET.get_or_init(|| Names::new(SURNAMES))
}

/// A name list as built in: sorted byte-wise (`LC_ALL=C sort -u` in make-surnames.sh), so
/// a lookup is a binary search and loading it hashes nothing.
struct Names(Vec<&'static str>);

impl Names {
    fn new(list: &'static str) -> Names {
        let names: Vec<&str> = list.lines().filter(|l| !l.is_empty()).collect();
        debug_assert!(
            names.windows(2).all(|w| w[0] < w[1]),
            "name list not sorted"
        );
        Names(names)
    }

    fn contains(&self, word: &str) -> bool {
        self.0.binary_search(&word).is_ok()
    }
}

/// Whether `word` is a family name of the lexicon, exactly (`浅野`, `北野`).
pub fn is_surname(word: &str) -> bool {
    surnames().contains(word)
}

/// `text` without its white space, borrowed where it has none (most names).
fn squeezed(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(char::is_whitespace) {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// Whether `name` (white space ignored) is a family name followed by a given name: a
/// prefix of it of up to four characters is in the list, and at least one char follows.
pub fn is_full_name(name: &str) -> bool {
    let name = squeezed(name);
    let set = surnames();
    name.char_indices()
        .skip(1)
        .take(4)
        .any(|(end, _)| set.contains(&name[..end]))
}

/// Whether `text` (white space ignored) begins with a family name and goes on: a person,
/// maybe with a post glued after (`平田郁美教育長`).
pub fn starts_with_full_name(text: &str) -> bool {
    is_full_name(text)
}

/// The family names of two or more characters that begin `text`, longest first
/// (`樋口政策評価審議官` → `樋口`). One-character names (`市`, `副`) begin too many words
/// that are not names to count here.
pub fn leading_surnames(text: &str) -> Vec<&str> {
    let set = surnames();
    let mut ends: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .skip(2)
        .take(3)
        .collect();
    if text.chars().count() <= 4 {
        ends.push(text.len());
    }
    ends.sort_unstable();
    ends.dedup();
    ends.into_iter()
        .rev()
        .map(|e| &text[..e])
        .filter(|p| set.contains(p))
        .collect()
}

/// A speaker's name as a rule cut it before a role of the table, that goes on past the
/// family name into the post (`高桑総合政策局総務` before `課長`, `茂木IT担当` before `大臣`):
/// the family name and the rest of the post. A name whose rest is a given name of the
/// lexicon (`山田太郎`, `五十嵐隆朗`) is a full name and not split; nor is a family name
/// alone, or a name that begins with none of two characters or more.
///
/// The rest must look like no given name: four characters or more (a given name of three
/// that the lexicon lacks, `今泉藤一郎`, stays whole) or with a Latin letter or digit in it,
/// and not in kana alone (`福田ようすけ`); a name with a space in it (`遠藤　満`) is a name.
pub fn name_into_post(name: &str) -> Option<(&str, &str)> {
    if is_surname(name) || name.contains(char::is_whitespace) {
        return None;
    }
    // Five kanji or more before the role and no family name of two or more at their head
    // (`内閣府官房` before `審議官`): all of it is the post, no one is named. (A name in
    // kana, `おのせ康裕`, is a name.)
    let family = match leading_surnames(name).into_iter().next() {
        Some(f) => f,
        None if name.chars().count() >= 5
            && name.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) =>
        {
            ""
        }
        None => return None,
    };
    let rest = &name[family.len()..];
    let latin = rest.contains(|c: char| c.is_ascii_alphanumeric());
    let kana = rest
        .chars()
        .all(|c| matches!(c, '\u{3041}'..='\u{309f}' | '\u{30a0}'..='\u{30ff}'));
    let post_like = latin || (rest.chars().count() >= 4 && !kana);
    (post_like && !is_given_name(rest)).then_some((family, rest))
}

/// A family name (of the lexicon, two characters or more) glued before a post: what
/// follows the name ends with one of the table's `position_suffixes` and is two
/// characters or more; a label that is itself a role (`副町長`, `教育長`) is not split.
/// A given name of two or three characters of the lexicon after the family name is the
/// name's too (`柿沼輝信教育次長` → 柿沼輝信, 教育次長); one of one character is not taken
/// (`田中総務課長`: 総 is a given name too).
pub fn glued_name(label: &str, rules: &crate::rules::RuleSet) -> Option<(String, String)> {
    glued_name_given(label, rules, 2)
}

/// [`glued_name`], taking given names of `shortest` characters or more: a list whose other
/// names are full names glued to posts (`南部和彦次長 姫野努次長補佐`) makes a one-character
/// given name likely (努), where alone it is not (`田中総務課長`).
pub fn glued_name_given(
    label: &str,
    rules: &crate::rules::RuleSet,
    shortest: usize,
) -> Option<(String, String)> {
    let w = &rules.words;
    if w.speaker_roles.iter().chain(&w.roles).any(|r| r == label) {
        return None;
    }
    let is_post = |post: &str| {
        post.chars().count() >= 2
            && w.position_suffixes
                .iter()
                .any(|p| post.ends_with(p.as_str()))
    };
    leading_surnames(label).into_iter().find_map(|family| {
        let post = &label[family.len()..];
        if !is_post(post) {
            return None;
        }
        let ends: Vec<usize> = post
            .char_indices()
            .skip(shortest.clamp(1, 3))
            .take(4 - shortest.clamp(1, 3))
            .map(|(at, _)| at)
            .collect();
        let given = ends
            .into_iter()
            .rev()
            .find(|&at| is_given_name(&post[..at]) && is_post(&post[at..]));
        Some(match given {
            Some(at) => (
                label[..family.len() + at].to_string(),
                post[at..].to_string(),
            ),
            None => (family.to_string(), post.to_string()),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_sorted_for_binary_search() {
        for list in [SURNAMES, GIVEN_NAMES] {
            let names: Vec<&str> = list.lines().filter(|l| !l.is_empty()).collect();
            assert!(names.windows(2).all(|w| w[0] < w[1]));
        }
        assert!(is_surname("田中") && is_given_name("太郎") && !is_surname("議事"));
    }

    #[test]
    fn surnames_that_begin_a_label() {
        assert_eq!(leading_surnames("樋口政策評価審議官"), vec!["樋口"]);
        assert!(leading_surnames("副町長").is_empty());
    }

    #[test]
    fn family_name_then_given_name() {
        assert!(is_full_name("田中太郎"));
        assert!(is_full_name("五十嵐 隆朗"));
        assert!(!is_full_name("田中"), "a family name alone is no full name");
        for word in [
            "議事概要",
            "出席者",
            "開会",
            "閉会",
            "事務局",
            "議題",
            "資料",
        ] {
            assert!(!is_full_name(word), "{word}");
        }
    }

    #[test]
    fn a_name_cut_short_before_its_role() {
        assert_eq!(
            name_into_post("高桑総合政策局総務"),
            Some(("高桑", "総合政策局総務"))
        );
        assert_eq!(name_into_post("茂木IT担当"), Some(("茂木", "IT担当")));
        assert_eq!(name_into_post("内閣府官房"), Some(("", "内閣府官房")));
        // Full names stay whole: a given name of the lexicon, one of two or three characters it
        // lacks, a given name in kana, a name with a space in it.
        for name in [
            "山田太郎",
            "橋本光規",
            "今泉藤一郎",
            "福田ようすけ",
            "遠藤　満",
            "おのせ康裕",
            "高桑",
        ] {
            assert_eq!(name_into_post(name), None, "{name}");
        }
    }

    #[test]
    fn full_names_glued_to_posts() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let split = |s: &str| glued_name(s, &rules);
        assert_eq!(
            split("柿沼輝信教育次長"),
            Some(("柿沼輝信".into(), "教育次長".into()))
        );
        assert_eq!(split("及川理事長"), Some(("及川".into(), "理事長".into())));
        // A one-character given name is not taken: 総 is one too.
        assert_eq!(
            split("田中総務課長"),
            Some(("田中".into(), "総務課長".into()))
        );
        assert_eq!(split("教育長"), None);
    }
}
