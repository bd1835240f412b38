//! Snapshot tests of every screen (TestBackend + insta) and state tests of the app.
