#include "btyd/pareto_nbd_integral.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace tessera {
namespace btyd {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
// Up to this z the series needs at most ~150 terms; beyond it the integral
// is taken by quadrature instead.
constexpr double kSeriesLimit = 0.75;
constexpr int kMaxSeriesTerms = 10000000;

// log of weight * (alpha+u)^-p (beta+u)^-q with its partials in
// (p, alpha, q, beta).
LogValue Node(double alpha, double beta, double p, double q, double u, double log_weight) {
  double a = alpha + u, b = beta + u;
  double log_a = std::log(a), log_b = std::log(b);
  return {log_weight - p * log_a - q * log_b, {-log_a, -p / a, -log_b, -q / b}};
}

// log of integral_y^inf (alpha+u)^-p (beta+u)^-q du, gradient in
// (p, alpha, q, beta), for y where the series argument is at most
// kSeriesLimit.
LogValue LogTail(double alpha, double beta, double p, double q, double y) {
  double a = alpha + y, b = beta + y;
  double log_a = std::log(a), log_b = std::log(b);
  double order = p + q - 1.0;
  LogValue out;
  if (alpha >= beta) {
    LogHypergeometric h = LogHyp2F1OneP(p, q, (alpha - beta) / a);
    out.value = -p * log_a - (q - 1.0) * log_b - std::log(order) + h.value;
    out.grad = {-log_a - 1.0 / order + h.d_p, -p / a + h.d_z * b / (a * a),
                -log_b - 1.0 / order + h.d_q, -(q - 1.0) / b - h.d_z / a};
  } else {
    LogHypergeometric h = LogHyp2F1OneP(q, p, (beta - alpha) / b);
    out.value = -q * log_b - (p - 1.0) * log_a - std::log(order) + h.value;
    out.grad = {-log_a - 1.0 / order + h.d_q, -(p - 1.0) / a - h.d_z / b,
                -log_b - 1.0 / order + h.d_p, -q / b + h.d_z * a / (b * b)};
  }
  return out;
}

// Direct Gauss-Legendre over an interval short against both the distance
// to the singularities at -alpha, -beta and the integrand's decay length.
bool IsShort(double alpha, double beta, double p, double q, double lower, double upper) {
  double span = upper - lower;
  double decay = p / (alpha + lower) + q / (beta + lower);
  return span <= 0.25 * (std::min(alpha, beta) + lower) && span * decay <= 1.0;
}

LogValue LogShortInterval(double alpha, double beta, double p, double q,
                          double lower, double upper) {
  const GaussLegendreRule& rule = GaussLegendre16();
  double half = 0.5 * (upper - lower), mid = 0.5 * (upper + lower);
  LogSum sum;
  for (size_t j = 0; j < rule.nodes.size(); ++j) {
    LogValue node = Node(alpha, beta, p, q, mid + half * rule.nodes[j],
                         std::log(half * rule.weights[j]));
    sum.Add(node.value, node.grad);
  }
  return sum.Result();
}

// The difference of the two antiderivatives, where it does not cancel.
LogValue LogSeriesInterval(double alpha, double beta, double p, double q,
                           double lower, double upper) {
  if (IsShort(alpha, beta, p, q, lower, upper)) {
    return LogShortInterval(alpha, beta, p, q, lower, upper);
  }
  LogValue near = LogTail(alpha, beta, p, q, lower);
  LogValue far = LogTail(alpha, beta, p, q, upper);
  double gap = near.value - far.value;
  if (!std::isfinite(gap)) return {kNaN, Gradient4{}};
  // Rounding can only make the gap vanish for intervals the rule above
  // nearly accepts, so the rule is the better answer then.
  if (gap <= 0.0) return LogShortInterval(alpha, beta, p, q, lower, upper);
  double kept = -std::expm1(-gap);  // 1 - far/near
  double ratio = std::exp(-gap);
  LogValue out;
  out.value = near.value + std::log(kept);
  for (int j = 0; j < 4; ++j) out.grad[j] = (near.grad[j] - ratio * far.grad[j]) / kept;
  return out;
}

// Where the series argument z is near 1 (m = min(alpha, beta) small against
// max(alpha, beta) + u), Gauss-Legendre panels in v = log(m + u): the
// singularity at -m moves to v = -infinity and the other to Im v = pi, and
// the panels are narrow enough that the log-integrand, whose slope in v is
// below `slope`, changes by at most 4 across one. The log-integrand is
// concave in v, so once it falls far below its maximum it stays there.
LogValue LogNearPoleQuadrature(double alpha, double beta, double p, double q,
                               double lower, double upper) {
  const GaussLegendreRule& rule = GaussLegendre16();
  double m = std::min(alpha, beta);
  double span = std::log((m + upper) / (m + lower));
  double slope = 1.0 + p * (m + upper) / (alpha + upper) + q * (m + upper) / (beta + upper);
  double width = std::min(1.0, 4.0 / slope);
  int panels = static_cast<int>(std::ceil(span / width));
  width = span / panels;
  LogSum sum;
  for (int panel = 0; panel < panels; ++panel) {
    double mid = (panel + 0.5) * width;
    double panel_max = kNegInf;
    for (size_t j = 0; j < rule.nodes.size(); ++j) {
      double w = mid + 0.5 * width * rule.nodes[j];
      double u = lower + (m + lower) * std::expm1(w);
      LogValue node =
          Node(alpha, beta, p, q, u, std::log(0.5 * width * rule.weights[j] * (m + u)));
      panel_max = std::max(panel_max, node.value);
      sum.Add(node.value, node.grad);
    }
    if (panel_max < sum.max() - 50.0 && panel > 0) break;
  }
  return sum.Result();
}

GaussLegendreRule MakeGaussLegendre(int n) {
  GaussLegendreRule rule;
  const double pi = std::acos(-1.0);
  for (int i = 0; i < n; ++i) {
    double x = std::cos(pi * (i + 0.75) / (n + 0.5));
    double derivative = 1.0;
    for (int iteration = 0; iteration < 100; ++iteration) {
      double previous = 1.0, current = x;
      for (int k = 2; k <= n; ++k) {
        double next = ((2.0 * k - 1.0) * x * current - (k - 1.0) * previous) / k;
        previous = current;
        current = next;
      }
      derivative = n * (x * current - previous) / (x * x - 1.0);
      double step = current / derivative;
      x -= step;
      if (std::fabs(step) < 1e-16) break;
    }
    rule.nodes.push_back(x);
    rule.weights.push_back(2.0 / ((1.0 - x * x) * derivative * derivative));
  }
  return rule;
}

}  // namespace

// sum_n z^n prod_{k<n} (p+k)/(p+q+k): each term is below z times the one
// before, so the rest after term n is below term_n z/(1-z); the bound used
// also covers the z-derivative's rest.
LogHypergeometric LogHyp2F1OneP(double p, double q, double z) {
  if (z == 0.0) return {0.0, 0.0, 0.0, p / (p + q)};
  double sum = 1.0, sum_p = 0.0, sum_q = 0.0, sum_z = 0.0;
  double term = 1.0, log_d_p = 0.0, log_d_q = 0.0;
  for (int n = 0; n < kMaxSeriesTerms; ++n) {
    double rising = p + n, lower = p + q + n;
    term *= rising / lower * z;
    log_d_p += 1.0 / rising - 1.0 / lower;
    log_d_q -= 1.0 / lower;
    sum += term;
    sum_p += term * log_d_p;
    sum_q += term * log_d_q;
    sum_z += term * (n + 1) / z;
    if (term * (n + 2) <= 1e-17 * (1.0 - z) * (1.0 - z) * sum) {
      return {std::log(sum), sum_p / sum, sum_q / sum, sum_z / sum};
    }
  }
  return {kNaN, kNaN, kNaN, kNaN};
}

LogValue LogPowerIntegral(double alpha, double beta, double p, double q,
                          double lower, double upper) {
  if (!(upper > lower)) return {kNegInf, Gradient4{}};
  if (IsShort(alpha, beta, p, q, lower, upper)) {
    return LogShortInterval(alpha, beta, p, q, lower, upper);
  }
  // z(u) = |alpha - beta| / (max(alpha, beta) + u) is at most kSeriesLimit
  // from `split` on. The split point's own derivative cancels between the
  // two pieces, so it is held fixed in the gradient.
  double split = std::fabs(alpha - beta) / kSeriesLimit - std::max(alpha, beta);
  if (split <= lower) return LogSeriesInterval(alpha, beta, p, q, lower, upper);
  if (split >= upper) return LogNearPoleQuadrature(alpha, beta, p, q, lower, upper);
  LogValue near = LogNearPoleQuadrature(alpha, beta, p, q, lower, split);
  LogValue far = LogSeriesInterval(alpha, beta, p, q, split, upper);
  LogSum sum;
  sum.Add(near.value, near.grad);
  sum.Add(far.value, far.grad);
  return sum.Result();
}

const GaussLegendreRule& GaussLegendre16() {
  static const GaussLegendreRule rule = MakeGaussLegendre(16);
  return rule;
}

}  // namespace btyd
}  // namespace tessera
