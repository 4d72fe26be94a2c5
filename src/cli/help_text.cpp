#include "help_text.h"

namespace tessera::cli {

std::string_view MainHelp() {
  return R"(tessera - customer segmentation from a file of transactions

Usage:
  tessera segment INPUT [options]   score every customer in INPUT (RFM by default)
  tessera strategies                list the scoring strategies
  tessera rules [NAME]              list the built-in rule files, or print one
  tessera rules check FILE          check a rule file's syntax
  tessera compare-tiers OLD NEW [--moves FILE]
                                    how customers moved between two saved
                                    tier snapshots (--save-tiers)
  tessera segment --help            every option of segment, with examples
  tessera --version                 print the version

tessera reads a delimited text file with one line per purchase (who, when,
how much), works out per-customer features (recency, frequency, monetary
value, tenure, ...) and scores every customer with one or more strategies.
The default strategy, rfm, gives each customer R, F and M scores from 1 to 5
and a named segment (Champions, Loyal Customers, At Risk, Lost, ...), then
prints how many customers and how much revenue each segment holds.

Try it on the CDNOW sample that ships in data/cdnow (no header line; the
columns are master id, customer id, date as YYYYMMDD, CDs, dollar value):

  tessera segment data/cdnow/CDNOW_sample.txt --delimiter space --no-header \
      --customer '#1' --date '#2' --amount '#4' --as-of 1997-09-30

Add '--output customers.csv' to keep every customer's features and scores.

Exit codes:
  0  success
  2  usage error: an unknown option, a missing or bad value
  3  input error: file not found, unknown column, a bad line in --strict mode,
     no usable line at all
  4  any other failure, such as an output file that cannot be written
)";
}

std::string_view SegmentHelp() {
  return R"(Usage: tessera segment INPUT [options]

Reads the transactions in INPUT, computes each customer's features as of a
date, scores them with the chosen strategies, and prints what was read and a
table of the segments. Per-customer results go to --output and --jsonl.

Columns (give a name from the header line, or '#N', the 0-based position,
with --no-header):
  --customer COLUMN        customer id (required)
  --date COLUMN            purchase date (required)
  --amount COLUMN          money spent on the line; or give both of
  --quantity COLUMN        units bought (also gives the quantity feature)
  --unit-price COLUMN      price per unit; amount = quantity x unit price
  --category COLUMN        product category (gives the categories feature)
  --order-id COLUMN        order or invoice number; ids starting with 'C'
                           are cancellations (as in Online Retail)

Reading the file:
  --delimiter CHAR         ',' (default), ';', '|', 'tab', or 'space' for
                           runs of blanks (CDNOW's layout)
  --no-header              the first line is data, not column names
  --date-format FORMAT     auto (default), iso (2011-12-09), iso-datetime
                           (2011-12-09 08:26[:00]), yyyymmdd (19970101)
  --key-kind KIND          auto (default: integer when every id is one,
                           '17850.0' included), integer, string
  --lenient                skip bad lines and count them (default)
  --strict                 stop at the first bad line, naming line and column
  --rejects FILE           with --lenient, write every skipped line to FILE
                           (CSV: line,reason,column,detail,text)

Features:
  --as-of YYYY-MM-DD       the analysis date; later transactions are ignored
                           (default: the day after the last transaction)
  --frequency MODE         what counts as one purchase: auto (default: orders
                           with --order-id, else rows), rows, orders, days
  --returns POLICY         net (default: returns reduce monetary) or exclude
  --btyd-period PERIOD     unit of the x, t_x, T features: weeks (default),
                           days, or a number of days

Scoring:
  --strategy NAME[:param=value,...]
                           repeatable; default rfm. 'tessera strategies' lists
                           them. rfm takes binning (quantile, as the R package
                           rfm, or tie_aware: equal values share a bin), bins
                           (2..9 for all three scores; the named segments need
                           5), r_bins, f_bins, m_bins, and r_breaks, f_breaks,
                           m_breaks (custom break points separated by ';'),
                           e.g. --strategy rfm:binning=tie_aware
  --threads N              worker threads; 0 (default) uses every core. The
                           results are identical for any N.

Rules (tiers by your own rules; see the README for the language):
  --rules FILE             repeatable; a rule file applied after the
                           strategies, e.g. tier "VIP" when monetary >= 5000
                           and rfm.f >= 4. 'builtin:rfm_segments' is the R
                           package rfm's segment table. Each rule set adds a
                           tier column named after it
  --explain KEY            repeatable; print why customer KEY has its tiers
  --save-tiers FILE        save each rule set's tiers (with the as-of date)
                           for the next period; with several sets, one file
                           each, named FILE with '.SET' before the extension
  --previous-tiers FILE    repeatable; last period's saved tiers, so that
                           'demote after N periods' can hold a customer's
                           tier

Output:
  -o, --output FILE        one CSV row per customer: id, features, scores
                           ('-' for stdout; the report then goes to stderr)
  --jsonl FILE             the same as JSON Lines ('-' for stdout)
  --summary-by COLUMN      the categorical column the table groups by
                           (default: the first rule set, else rfm.segment)
  -q, --quiet              print nothing but errors

Examples:
  The CDNOW sample in data/cdnow (whitespace-separated, no header; customer
  id in column 1, date in 2, dollars in 4), as of the end of the 39-week
  calibration period used in the literature:

    tessera segment data/cdnow/CDNOW_sample.txt --delimiter space --no-header \
        --customer '#1' --date '#2' --amount '#4' --as-of 1997-09-30 \
        --output cdnow_customers.csv

  UCI Online Retail (header InvoiceNo,StockCode,Description,Quantity,
  InvoiceDate,UnitPrice,CustomerID,Country); lines without a CustomerID are
  skipped and counted, cancelled invoices net out of monetary:

    tessera segment online_retail_uci.csv --customer CustomerID \
        --date InvoiceDate --quantity Quantity --unit-price UnitPrice \
        --order-id InvoiceNo --category StockCode --as-of 2011-12-10 \
        --rejects rejected.csv --output retail_customers.csv

Exit codes: 0 success, 2 usage error, 3 input error (file not found, unknown
column, a bad line with --strict, no usable line), 4 any other failure.
)";
}

}  // namespace tessera::cli
