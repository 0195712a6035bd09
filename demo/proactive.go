package demo

import (
	"math"
	"math/rand/v2"
	"strings"

	"gongkai"
)

// anxi2020Proactive is table 二 of the seed (2019 format): each cell's total
// over the county, split over the agencies that report the row.
var anxi2020Proactive = []struct {
	row   byte // the agencySpec.rows letter
	cell  string
	total float64
}{
	{'N', "normative_docs.made", 11}, {'N', "normative_docs.published", 11}, {'N', "normative_docs.total", 26},
	{'L', "licensing.prior_items", 231}, {'L', "licensing.change", 1297}, {'L', "licensing.decisions", 312000},
	{'O', "other_services.prior_items", 209}, {'O', "other_services.change", 1859}, {'O', "other_services.decisions", 16000},
	{'P', "penalties.prior_items", 2703}, {'P', "penalties.change", -2487}, {'P', "penalties.decisions", 3175},
	{'C', "coercion.prior_items", 175}, {'C', "coercion.change", -73}, {'C', "coercion.decisions", 2068},
	{'F', "fees.prior_items", 38}, {'F', "fees.change", -11},
	{'Q', "procurement.projects", 144}, {'Q', "procurement.amount_yuan", 295300000},
}

// split divides total (an integer) over weights by the largest remainder,
// so that the parts add up to total exactly.
func split(total float64, weights []int) []float64 {
	sum := 0
	for _, w := range weights {
		sum += w
	}
	out := make([]float64, len(weights))
	sign := 1.0
	if total < 0 {
		sign, total = -1, -total
	}
	rest := total
	rems := make([]float64, len(weights))
	for i, w := range weights {
		exact := total * float64(w) / float64(sum)
		out[i] = math.Floor(exact)
		rems[i] = exact - out[i]
		rest -= out[i]
	}
	for ; rest > 0.5; rest-- {
		best := 0
		for i := range rems {
			if rems[i] > rems[best] {
				best = i
			}
		}
		out[best]++
		rems[best] = -1
	}
	for i := range out {
		out[i] *= sign
	}
	return out
}

// anxiProactive returns the table 二 inputs of every agency: 2020 in the
// 2019 format adding up to the seed's table 二, 2021–2025 in the 2021 format
// with in_force carried from year to year.
func anxiProactive(rng *rand.Rand) []*gongkai.ProactiveInput {
	byAgency := map[string]*gongkai.ProactiveInput{}
	var out []*gongkai.ProactiveInput
	for _, s := range anxiAgencies {
		in := &gongkai.ProactiveInput{Agency: s.id(), Year: 2020, Values: map[string]float64{}, Source: "manual"}
		byAgency[s.id()] = in
		out = append(out, in)
	}
	for _, c := range anxi2020Proactive {
		var ids []string
		var ws []int
		for _, s := range anxiAgencies {
			if strings.IndexByte(s.rows, c.row) >= 0 {
				ids = append(ids, s.id())
				ws = append(ws, s.weight)
			}
		}
		for i, v := range split(c.total, ws) {
			byAgency[ids[i]].Values[c.cell] = v
		}
	}
	// 2021 format: issued/repealed/in_force carried on from 2020's totals.
	inForce := map[string]float64{}
	for _, s := range anxiAgencies {
		inForce[s.id()] = byAgency[s.id()].Values["normative_docs.total"]
	}
	growth := 1.0
	for y := 2021; y <= 2025; y++ {
		growth *= 0.92 + rng.Float64()*0.2
		for _, s := range anxiAgencies {
			in := &gongkai.ProactiveInput{Agency: s.id(), Year: y, Values: map[string]float64{}, Source: "manual"}
			v := in.Values
			v["rules.issued"], v["rules.repealed"], v["rules.in_force"] = 0, 0, 0
			if strings.IndexByte(s.rows, 'N') >= 0 {
				issued := float64(2 + rng.IntN(6))
				repealed := math.Min(float64(rng.IntN(5)), inForce[s.id()])
				inForce[s.id()] += issued - repealed
				v["normative_docs.issued"], v["normative_docs.repealed"] = issued, repealed
			}
			v["normative_docs.in_force"] = inForce[s.id()]
			for _, c := range []struct {
				letter   byte
				from, to string
			}{{'L', "licensing.decisions", "licensing.decisions"}, {'P', "penalties.decisions", "penalties.decisions"}, {'C', "coercion.decisions", "coercion.decisions"}} {
				if strings.IndexByte(s.rows, c.letter) >= 0 {
					base := byAgency[s.id()].Values[c.from]
					v[c.to] = math.Round(base * growth * (0.95 + rng.Float64()*0.1))
				}
			}
			if strings.IndexByte(s.rows, 'F') >= 0 {
				v["fees.amount_wan_yuan"] = float64(500+rng.IntN(30000)) / 100
			}
			out = append(out, in)
		}
	}
	return out
}
