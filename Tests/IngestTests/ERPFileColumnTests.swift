import Testing

@testable import Ingest

/// Which column means what (issue 12, item 11c): two columns for one meaning, or a signed
/// quantity beside sales or returns, reject the file; only a product name column beside one
/// product id column is ignored (and the dialect says so).
@Suite struct ERPFileColumnTests {
    @Test(arguments: [
        (
            "Date,SKU,Sales,Qty",
            "t.csv line 1: the columns \"Sales\" (sales) and \"Qty\" (a signed quantity: sold positive, returned negative) both give quantities, and which one counts would be a guess; export one of them, or rename the other"
        ),
        (
            "Datum;Artikel;Menge;Retouren",
            "t.csv line 1: the columns \"Retouren\" (returns) and \"Menge\" (a signed quantity: sold positive, returned negative) both give quantities, and which one counts would be a guess; export one of them, or rename the other"
        ),
        ("Date,SKU,Units Sold,Sales", "t.csv line 1: the columns \"Units Sold\" and \"Sales\" both mean sales; remove or rename one of them"),
        ("Date,Datum,SKU,Sales", "t.csv line 1: the columns \"Date\" and \"Datum\" both mean the date; remove or rename one of them"),
        ("Date,SKU,Artikel,Sales", "t.csv line 1: the columns \"SKU\" and \"Artikel\" both mean the product; remove or rename one of them"),
        (
            "Date,Product_ID,Item,Product Name,Sales",
            "t.csv line 1: the columns \"Product_ID\" and \"Item\" both mean the product; remove or rename one of them"
        ),
        (
            "Date,Product Name,Item Name,Sales",
            "t.csv line 1: the columns \"Product Name\" and \"Item Name\" both mean the product; remove or rename one of them"
        ),
        ("Date,SKU,Qty,Menge", "t.csv line 1: the columns \"Qty\" and \"Menge\" both mean a signed quantity; remove or rename one of them"),
    ])
    func twoColumnsForOneMeaningRejectTheFile(_ header: String, _ message: String) {
        let delimiter = header.contains(";") ? ";" : ","
        let row = header.split(separator: Character(delimiter)).map { $0 == "Date" || $0 == "Datum" ? "2024-01-01" : "1" }
        #expect(rejection(header + "\n" + row.joined(separator: delimiter) + "\n") == message)
    }
}
