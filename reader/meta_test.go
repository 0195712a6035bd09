package reader

import "testing"

func TestFindAgency(t *testing.T) {
	for _, test := range []struct {
		name, text string
		year       int
		want       string
	}{
		{"title", "某某县人民政府2024年政府信息公开工作年度报告\n一、总体情况", 2024, "某某县人民政府"},
		{"title after the year", "2023年度某某市教育局政府信息公开工作年度报告\n", 2023, "某某市教育局"},
		{"browser print header", "11/25/26, 7:13 PM 示例县人民政府2024年政府信息公开工作年度报告\n", 2024, "示例县人民政府"},
		{"markdown heading", "# 某某县人民政府2020年政府信息公开工作年度报告\n", 2020, "某某县人民政府"},
		{"numbered", "1.某某镇人民政府2021年政府信息公开工作年度报告\n", 2021, "某某镇人民政府"},
		{"publisher line", "发布机构：某某县财政局\n正文", 2022, "某某县财政局"},
		{"signature", "一、总体情况\n……\n某某县人民政府办公室\n2021年1月12日", 2020, "某某县人民政府办公室"},
		{"none", "一、总体情况\n本年度无。", 2020, ""},
	} {
		t.Run(test.name, func(t *testing.T) {
			if got := findAgency(test.text, test.year); got != test.want {
				t.Errorf("findAgency = %q, want %q", got, test.want)
			}
		})
	}
}
