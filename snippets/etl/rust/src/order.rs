//! The output record, written by hand to match ../../record.proto field for field
//! (prost-build would generate the same struct, but needs protoc in a build script).

#[derive(Clone, PartialEq, prost::Message)]
pub struct Order {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(string, tag = "2")]
    pub customer_name: String,
    #[prost(string, tag = "3")]
    pub email_user: String,
    #[prost(string, tag = "4")]
    pub email_domain: String,
    #[prost(string, tag = "5")]
    pub country: String,
    #[prost(int64, tag = "6")]
    pub created_unix: i64,
    #[prost(string, tag = "7")]
    pub created_day: String,
    #[prost(int64, tag = "8")]
    pub amount_minor: i64,
    #[prost(string, tag = "11")]
    pub currency: String,
    #[prost(string, tag = "9")]
    pub note: String,
    #[prost(uint32, tag = "10")]
    pub note_words: u32,
}
