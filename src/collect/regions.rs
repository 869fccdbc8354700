//! Regions for `--all-regions`.
//!
//! Source: the "AWS Direct Connect endpoints and quotas" table of the AWS General Reference
//! (https://docs.aws.amazon.com/general/latest/gr/dc.html), commercial partition. The API offers
//! no way to list them, so this list is maintained by hand: when AWS opens Direct Connect in a new
//! region, add it here (and to OPT_IN if the region must be enabled per account). `--region`
//! reaches any region, listed or not.

pub const DIRECT_CONNECT: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// Regions an account must enable before it can use them. Until it does, AWS refuses its
/// credentials there (UnrecognizedClientException), which `--all-regions` must not mistake for
/// expired credentials: such a region is skipped with a warning.
pub const OPT_IN: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
];

pub fn is_opt_in(region: &str) -> bool {
    OPT_IN.contains(&region)
}

/// A plausible region name (`us-east-1`, `us-gov-west-1`): lowercase words and a number, so a
/// typo is reported as such instead of as an endpoint that cannot be resolved.
pub fn is_valid(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_unique_and_valid() {
        for list in [DIRECT_CONNECT, OPT_IN] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, list.to_vec());
            assert!(list.iter().all(|r| is_valid(r)));
        }
        assert!(OPT_IN.iter().all(|r| DIRECT_CONNECT.contains(r)));
    }

    #[test]
    fn region_names() {
        assert!(is_valid("us-east-1"));
        assert!(is_valid("us-gov-west-1"));
        assert!(!is_valid("us-east"));
        assert!(!is_valid("US-EAST-1"));
        assert!(!is_valid("useast1"));
    }
}
