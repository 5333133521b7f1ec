//! Parsing and cleaning one row. Each rule matches the Python job's (python/etl.py, whose
//! docstring states the contract), so both write the same bytes; a row that breaks a rule
//! is rejected with the rule's name.

use crate::order::Order;
use csv::ByteRecord;
use std::fmt;
use std::sync::LazyLock;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

// #region reject
/// Why a row was rejected: the rule it broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reject {
    Fields,
    Encoding,
    Id,
    Name,
    Email,
    Country,
    Timestamp,
    Currency,
    Amount,
    Duplicate,
}
// #endregion reject

impl Reject {
    /// The reason as the report spells it (the Python job's words).
    pub fn as_str(self) -> &'static str {
        match self {
            Reject::Fields => "fields",
            Reject::Encoding => "encoding",
            Reject::Id => "id",
            Reject::Name => "name",
            Reject::Email => "email",
            Reject::Country => "country",
            Reject::Timestamp => "timestamp",
            Reject::Currency => "currency",
            Reject::Amount => "amount",
            Reject::Duplicate => "duplicate",
        }
    }
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whitespace as Python's `str.split()` and `str.strip()` see it: Unicode's White_Space
/// (Rust's `char::is_whitespace`) plus the ASCII separators U+001C to U+001F.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The ASCII part of `is_space`: tab to carriage return, U+001C to U+001F and space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | 0x1c..=0x1f | b' ')
}

/// Most fields are ASCII: those are trimmed byte by byte, the rest char by char.
fn trim(text: &str) -> &str {
    if !text.is_ascii() {
        return text.trim_matches(is_space);
    }
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|&b| !is_ascii_space(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|&b| !is_ascii_space(b)).map_or(start, |last| last + 1);
    &text[start..end]
}

/// Calls `each` with every word, as Python's `str.split()` finds them, without collecting
/// them first (byte by byte for ASCII text).
fn for_each_word<'a>(text: &'a str, mut each: impl FnMut(&'a str)) {
    if !text.is_ascii() {
        text.split(is_space).filter(|word| !word.is_empty()).for_each(each);
        return;
    }
    let (bytes, mut at) = (text.as_bytes(), 0);
    loop {
        while at < bytes.len() && is_ascii_space(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            return;
        }
        let start = at;
        while at < bytes.len() && !is_ascii_space(bytes[at]) {
            at += 1;
        }
        each(&text[start..at]);
    }
}

/// The words joined by one space, and how many there were.
fn join_words(text: &str) -> (String, u32) {
    let (mut joined, mut count) = (String::with_capacity(text.len()), 0);
    for_each_word(text, |word| {
        if count > 0 {
            joined.push(' ');
        }
        joined.push_str(word);
        count += 1;
    });
    (joined, count)
}

/// One CSV row, borrowing its fields from the record (no copies until cleaning).
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    email: &'a str,
    country: &'a str,
    created_at: &'a str,
    amount: &'a str,
    currency: &'a str,
    note: &'a str,
}

pub const HEADER: [&str; 8] = ["id", "name", "email", "country", "created_at", "amount", "currency", "note"];

// #region transform
pub fn transform(record: &ByteRecord) -> Result<Order, Reject> {
    let row = check_shape(record)?;
    let mut order = Order { id: parse_id(row.id)?, ..Order::default() };
    order.customer_name = parse_name(row.name)?;
    (order.email_user, order.email_domain) = parse_email(row.email)?;
    order.country = parse_country(row.country)?;
    (order.created_unix, order.created_day) = parse_timestamp(row.created_at)?;
    let decimals;
    (order.currency, decimals) = parse_currency(row.currency)?;
    order.amount_minor = parse_amount(row.amount, decimals)?;
    // The note: its words one space apart, and how many, in one pass over
    // the text (no Vec of words in between).
    (order.note, order.note_words) = join_words(row.note);
    Ok(order)
}
// #endregion transform

/// Checks the field count and the text: bytes that are not UTF-8 reject the row (the
/// Python job reads them as U+FFFD, so that character rejects it too).
fn check_shape(record: &ByteRecord) -> Result<Row<'_>, Reject> {
    if record.len() != HEADER.len() {
        return Err(Reject::Fields);
    }
    // One UTF-8 check for the whole row, then each field is a slice of it. `get` also
    // rejects a character split across two fields, which the whole-row check would miss.
    let text = std::str::from_utf8(record.as_slice()).map_err(|_| Reject::Encoding)?;
    let field = |i: usize| record.range(i).and_then(|range| text.get(range)).ok_or(Reject::Encoding);
    let row = Row {
        id: field(0)?,
        name: field(1)?,
        email: field(2)?,
        country: field(3)?,
        created_at: field(4)?,
        amount: field(5)?,
        currency: field(6)?,
        note: field(7)?,
    };
    // U+FFFD is EF BF BD in UTF-8: look for the rare byte first (memchr-fast).
    let fields = [row.id, row.name, row.email, row.country, row.created_at, row.amount, row.currency, row.note];
    if record.as_slice().contains(&0xEF) && fields.iter().any(|field| field.contains('\u{FFFD}')) {
        return Err(Reject::Encoding);
    }
    Ok(row)
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// At most 20 digits (Python checks that before `int()`, so leading zeros count too).
fn parse_id(text: &str) -> Result<u64, Reject> {
    if !all_digits(text) || text.len() > 20 {
        return Err(Reject::Id);
    }
    text.parse().map_err(|_| Reject::Id)
}

/// Trimmed, one space between words, composed (NFC), and never re-cased:
/// "  Zoe\u{308}  Müller" → "Zoë Müller", "o'brien" stays "o'brien".
fn parse_name(text: &str) -> Result<String, Reject> {
    let (joined, words) = join_words(text);
    if words == 0 {
        return Err(Reject::Name);
    }
    // Most names are NFC already: the quick check spares them a copy.
    match is_nfc_quick(joined.chars()) {
        IsNormalized::Yes => Ok(joined),
        _ => Ok(joined.nfc().collect()),
    }
}

/// Visible ASCII only, one @, something before it, a dotted domain after it; lower-cased.
fn parse_email(text: &str) -> Result<(String, String), Reject> {
    let email = trim(text).as_bytes();
    let valid = !email.is_empty() && email.iter().all(u8::is_ascii_graphic)
        && email.iter().filter(|&&b| b == b'@').count() == 1;
    match email.iter().position(|&b| b == b'@') {
        Some(at) if valid && at > 0 && dotted(&email[at + 1..]) => {
            // Visible ASCII: every byte is a char, and lower-casing keeps the lengths.
            let lower = |bytes: &[u8]| String::from_utf8(bytes.to_ascii_lowercase()).expect("ASCII");
            Ok((lower(&email[..at]), lower(&email[at + 1..])))
        }
        _ => Err(Reject::Email),
    }
}

/// A domain with a dot in it and no empty label: "example.org", not "org", ".org" or "a..org".
fn dotted(domain: &[u8]) -> bool {
    domain.contains(&b'.') && domain.split(|&b| b == b'.').all(|label| !label.is_empty())
}

/// `count` ASCII letters, upper-cased, or `reason`.
fn ascii_letters(text: &str, count: usize, reason: Reject) -> Result<String, Reject> {
    let code = trim(text);
    if code.len() == count && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(reason)
    }
}

fn parse_country(text: &str) -> Result<String, Reject> {
    ascii_letters(text, 2, Reject::Country)
}

/// ISO 4217 code → minor unit (decimal places), from ../../currencies.csv: a few codes
/// from ISO 4217's list one, as SIX, its maintenance agency, publishes it. The Python job
/// reads the same file.
static MINOR_UNITS: LazyLock<Vec<(String, u32)>> = LazyLock::new(|| {
    include_str!("../../currencies.csv")
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(','))
        .map(|(code, decimals)| (code.to_owned(), decimals.trim().parse().expect("a number of decimals")))
        .collect()
});

/// The currency's code and its number of decimals.
fn parse_currency(text: &str) -> Result<(String, u32), Reject> {
    let code = ascii_letters(text, 3, Reject::Currency)?;
    match MINOR_UNITS.iter().find(|(known, _)| *known == code) {
        Some(&(_, decimals)) => Ok((code, decimals)),
        None => Err(Reject::Currency),
    }
}

/// `YYYY-MM-DDTHH:MM:SS` (or a space for the `T`), then `Z` or `±HH:MM`: the shape the
/// upstream systems write, and the contract both jobs follow (Python checks the same shape
/// before `datetime.fromisoformat`, which alone would take many more). Returns seconds
/// since the Unix epoch and the UTC calendar day.
fn parse_timestamp(text: &str) -> Result<(i64, String), Reject> {
    let bad = Reject::Timestamp;
    let t = trim(text).as_bytes();
    let number = |from: usize, to: usize| -> Result<i64, Reject> {
        let digits = t.get(from..to).ok_or(bad)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(bad);
        }
        Ok(digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let punctuated = t.len() >= 20 && t[4] == b'-' && t[7] == b'-' && matches!(t[10], b'T' | b' ')
        && t[13] == b':' && t[16] == b':';
    if !punctuated {
        return Err(bad);
    }
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    let offset_seconds = match &t[19..] {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hours, minutes) = (number(20, 22)?, number(23, 25)?);
            if hours > 23 || minutes > 59 {
                return Err(bad);
            }
            let seconds = hours * 3600 + minutes * 60;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return Err(bad),
    };
    let valid = year >= 1 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
        && hour < 24 && minute < 60 && second < 60;
    if !valid {
        return Err(bad);
    }
    let unix = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_seconds;
    let (utc_year, utc_month, utc_day) = civil_from_days(unix.div_euclid(86_400));
    if !(1..=9999).contains(&utc_year) {
        return Err(bad);
    }
    Ok((unix, format_day(utc_year, utc_month, utc_day)))
}

/// "YYYY-MM-DD" for a year from 1 to 9999, without the formatting machinery.
fn format_day(year: i64, month: i64, day: i64) -> String {
    let digit = |n: i64| char::from(b'0' + (n % 10) as u8);
    let mut out = String::with_capacity(10);
    out.extend([digit(year / 1000), digit(year / 100), digit(year / 10), digit(year)]);
    out.extend(['-', digit(month / 10), digit(month), '-', digit(day / 10), digit(day)]);
    out
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of `days_from_civil`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A whole number of the currency's minor unit: ("1,234.5", 2 decimals) → 123450. The
/// grammar is the Python job's: `-?(0|[1-9][0-9]*|[1-9][0-9]{0,2}(,[0-9]{3})+)(\.[0-9]+)?`,
/// so "12,34", "1,2,3" and "1," are rejected, never read as 1234 or 123.
fn parse_amount(text: &str, decimals: u32) -> Result<i64, Reject> {
    let bad = Reject::Amount;
    let text = trim(text);
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if text.ends_with('.') || !fraction.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > decimals as usize {
        return Err(bad);
    }
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    let grouped = whole.contains(',');
    let first_ok = all_digits(first) && (first == "0" || !first.starts_with('0'))
        && !(grouped && (first.len() > 3 || first == "0"));
    if !first_ok || !groups.all(|group| group.len() == 3 && all_digits(group)) {
        return Err(bad);
    }
    // Digit by digit, checked: the whole part, then the fraction padded to `decimals`.
    let mut digits = whole.bytes().filter(|&b| b != b',').chain(fraction.bytes())
        .chain(std::iter::repeat_n(b'0', decimals as usize - fraction.len()));
    let minor = digits.try_fold(0i64, |n, d| n.checked_mul(10)?.checked_add(i64::from(d - b'0'))).ok_or(bad)?;
    Ok(if negative { -minor } else { minor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_day_numbers() {
        for days in [-719_162, -1, 0, 1, 10_957, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }

    #[test]
    fn timestamps_with_offsets() {
        assert_eq!(parse_timestamp("2024-02-29T23:30:00-01:00"), Ok((1_709_253_000, "2024-03-01".into())));
        assert_eq!(parse_timestamp("2023-02-29T10:00:00Z"), Err(Reject::Timestamp));
        assert_eq!(parse_timestamp("2024-05-01T10:00:00"), Err(Reject::Timestamp));
    }

    #[test]
    fn a_character_split_across_fields_is_an_encoding_error() {
        // "é" is C3 A9: the row as a whole is valid UTF-8, but neither field is.
        let record = ByteRecord::from(vec![&b"1"[..], b"Zo\xC3", b"\xA9@x.org", b"DE", b"t", b"1", b"EUR", b"n"]);
        assert_eq!(transform(&record).err(), Some(Reject::Encoding));
    }

    #[test]
    fn names_stay_as_written_composed() {
        assert_eq!(parse_name("  zoe\u{308}  MÜLLER\u{1f}"), Ok("zoë MÜLLER".into()));
        assert_eq!(parse_name("o'brien\u{a0}van der Berg"), Ok("o'brien van der Berg".into()));
        assert_eq!(parse_name("\u{1c}\u{a0}"), Err(Reject::Name));
    }

    #[test]
    fn amounts_follow_one_grammar_in_the_currency_minor_unit() {
        assert_eq!(parse_amount("1,234.5", 2), Ok(123_450));
        assert_eq!(parse_amount("-0.07", 2), Ok(-7));
        assert_eq!(parse_amount("12", 2), Ok(1200));
        assert_eq!(parse_amount("1500", 0), Ok(1500));
        assert_eq!(parse_amount("1.5", 3), Ok(1500));
        assert_eq!(parse_amount("92233720368547758.07", 2), Ok(i64::MAX));
        for bad in ["12,34", "1,2,3,4", "1,", ",123", "1,23,456", "0,123", "0012", "12.345", "1.2.3", "", "-", "12.",
                    ".5", "+1", "twelve", "92233720368547758.08", "1 234"] {
            assert_eq!(parse_amount(bad, 2), Err(Reject::Amount), "{bad}");
        }
        assert_eq!(parse_amount("1500.5", 0), Err(Reject::Amount));
    }

    #[test]
    fn currencies_come_from_the_table() {
        assert_eq!(parse_currency(" eur "), Ok(("EUR".into(), 2)));
        assert_eq!(parse_currency("JPY"), Ok(("JPY".into(), 0)));
        assert_eq!(parse_currency("KWD"), Ok(("KWD".into(), 3)));
        for bad in ["EURO", "€", "", "XXX", "eü"] {
            assert_eq!(parse_currency(bad), Err(Reject::Currency), "{bad}");
        }
    }
}
