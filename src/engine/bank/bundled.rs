//! The banks compiled into the binary, so `proctor` works from any directory with no
//! set-up. A test checks this list against the `question_banks/` directory.

macro_rules! bank_file {
    ($path:literal) => {
        ($path, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/question_banks/", $path)))
    };
}

/// `(bank name, [(file, text)])`; a directory bank lists `bank.yaml` first.
pub static BUNDLED: &[(&str, &[(&str, &str)])] = &[
    ("ccnp-scor.yaml", &[bank_file!("ccnp-scor.yaml")]),
    ("item-types-demo.yaml", &[bank_file!("item-types-demo.yaml")]),
    ("netfund-quick.yaml", &[bank_file!("netfund-quick.yaml")]),
    (
        "secplus",
        &[
            bank_file!("secplus/bank.yaml"),
            bank_file!("secplus/architecture.yaml"),
            bank_file!("secplus/general.yaml"),
            bank_file!("secplus/interactive.yaml"),
            bank_file!("secplus/operations.yaml"),
            bank_file!("secplus/program.yaml"),
            bank_file!("secplus/threats.yaml"),
        ],
    ),
];
