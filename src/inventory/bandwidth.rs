//! `bandwidth` strings as the API gives them ("50Mbps", "1Gbps", "10Gbps") to Mbps.

pub fn parse_mbps(s: &str) -> Option<u64> {
    let s = s.trim();
    let (digits, factor) = if let Some(n) = strip_suffix_ci(s, "gbps") {
        (n, 1000.0)
    } else if let Some(n) = strip_suffix_ci(s, "mbps") {
        (n, 1.0)
    } else {
        return None;
    };
    let value: f64 = digits.trim().parse().ok()?;
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let mbps = value * factor;
    (mbps.fract() == 0.0 && mbps <= u64::MAX as f64).then_some(mbps as u64)
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let split = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(split) && s[split..].eq_ignore_ascii_case(suffix)).then(|| &s[..split])
}

#[cfg(test)]
mod tests {
    use super::parse_mbps;

    #[test]
    fn parses_api_bandwidths() {
        assert_eq!(parse_mbps("50Mbps"), Some(50));
        assert_eq!(parse_mbps("500Mbps"), Some(500));
        assert_eq!(parse_mbps("1Gbps"), Some(1000));
        assert_eq!(parse_mbps("25Gbps"), Some(25000));
        assert_eq!(parse_mbps("1.5Gbps"), Some(1500));
    }

    #[test]
    fn rejects_what_is_not_a_bandwidth() {
        assert_eq!(parse_mbps(""), None);
        assert_eq!(parse_mbps("fast"), None);
        assert_eq!(parse_mbps("10"), None);
        assert_eq!(parse_mbps("-1Gbps"), None);
        assert_eq!(parse_mbps("é"), None);
    }
}
