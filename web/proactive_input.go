package web

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai"
	"gongkai/api"
	"gongkai/report"
)

// InputsPage is the table 二 inputs of one agency and year: a field per
// cell, and the XLSX import with its row-level errors.
type InputsPage struct {
	Base
	Agency    *gongkai.Agency
	Year      int
	Version   int
	Source    string
	Fields    []InputField
	Agencies  []*gongkai.Agency // the picker
	Years     []int
	Error     string
	RowErrors []string
}

// InputField is one cell of table 二.
type InputField struct {
	Path  string // "licensing.decisions"
	Block string // 第二十条第（一）项
	Row   string // 行政许可
	Col   string // 本年处理决定数量
	Value string
}

func init() {
	register("inputs", &InputsPage{Agency: sampleAgency(), Year: 2025, Fields: []InputField{{"licensing.decisions", "第二十条第（八）项", "行政许可", "本年处理决定数量", "3"}},
		Agencies: []*gongkai.Agency{sampleAgency()}, Years: []int{2025}, Error: "x", RowErrors: []string{"第2行：数值不正确"}})
}

func (s *Server) registerProactiveInputRoutes() {
	s.handle("GET /console/inputs", s.handleInputsPick)
	s.handle("GET /console/inputs/{agency}/{year}", s.handleInputs)
	s.handle("GET /console/inputs/{agency}/{year}/template.xlsx", s.handleInputsTemplate)
	s.handle("POST /console/inputs/{agency}/{year}", s.handleInputsSave)
	s.handle("POST /console/inputs/{agency}/{year}/import", s.handleInputsImport)
}

// inputFields lists the cells of the year's table 二 with values.
func inputFields(year int, values map[string]float64) []InputField {
	def := report.LayoutOf(report.VersionForYear(year)).Proactive
	var out []InputField
	for _, b := range def.Blocks {
		for _, id := range b.Rows {
			row := def.Row(id)
			for _, c := range row.Columns {
				f := InputField{Path: row.ID + "." + c.ID, Block: b.Caption, Row: row.Label, Col: c.Label}
				if v, ok := values[f.Path]; ok {
					f.Value = report.FormatNumber(v)
				}
				out = append(out, f)
			}
		}
	}
	return out
}

// handleInputsPick handles the "GET /console/inputs" route: the agencies and
// years the user may enter.
func (s *Server) handleInputsPick(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	ags, err := s.coveredAgencies(r, u)
	if err != nil {
		return err
	}
	if len(ags) == 0 {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "无权录入主动公开数据")
	}
	return seeOther(w, r, fmt.Sprintf("/console/inputs/%s/%d", ags[0].ID, s.today().Year-1))
}

// inputsPage authorizes u and loads the stored inputs.
func (s *Server) inputsPage(r *http.Request, u *gongkai.User) (*InputsPage, error) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < FirstReportYear-1 || year > s.today().Year {
		return nil, gongkai.Errorf(gongkai.ENOTFOUND, "页面不存在")
	}
	id := r.PathValue("agency")
	if err := s.svc.Authorize(r.Context(), u, id); err != nil {
		return nil, err
	}
	a, err := s.store.Agency(r.Context(), id)
	if err != nil {
		return nil, err
	}
	ags, err := s.coveredAgencies(r, u)
	if err != nil {
		return nil, err
	}
	p := &InputsPage{Base: Base{Title: "主动公开数据录入"}, Agency: a, Year: year, Agencies: ags, Years: s.reportYears()}
	in, err := s.store.ProactiveInput(r.Context(), id, year)
	switch gongkai.ErrorCode(err) {
	case "":
		p.Version, p.Source = in.Version, in.Source
		p.Fields = inputFields(year, in.Values)
	case gongkai.ENOTFOUND:
		p.Fields = inputFields(year, nil)
	default:
		return nil, err
	}
	return p, nil
}

// handleInputs handles the "GET /console/inputs/{agency}/{year}" route.
func (s *Server) handleInputs(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	p, err := s.inputsPage(r, u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "inputs", p)
	return nil
}

// save stores values as the inputs of the page's agency and year.
func (s *Server) saveInputs(w http.ResponseWriter, r *http.Request, u *gongkai.User, p *InputsPage, values map[string]float64, source string) error {
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	in := &gongkai.ProactiveInput{Agency: p.Agency.ID, Year: p.Year, Values: values, Source: source, Version: version}
	err := s.store.PutProactiveInput(gongkai.WithActor(r.Context(), "user:"+u.ID), in)
	if c := gongkai.ErrorCode(err); c == gongkai.EINVALID || c == gongkai.ECONFLICT {
		p.Error = gongkai.ErrorMessage(err)
		if c == gongkai.ECONFLICT {
			p.Error = "数据已被他人修改，请刷新页面后重试。"
		}
		s.render(w, r, status(err), "inputs", p)
		return nil
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/console/inputs/%s/%d?ok=%s", p.Agency.ID, p.Year, urlQuery("已保存")))
}

// parseFigure reads one figure of a table 二 cell; "" is no figure.
func parseFigure(year int, path, text string) (float64, bool, error) {
	text = strings.ReplaceAll(strings.TrimSpace(text), ",", "")
	if text == "" {
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, fmt.Errorf("“%s”不是数字", text)
	}
	in := gongkai.ProactiveInput{Agency: "x", Year: year, Values: map[string]float64{path: v}}
	if err := in.Validate(); err != nil {
		return 0, false, fmt.Errorf("%s的数值%s不符合要求（须为非负整数，金额可有小数）", path, text)
	}
	return v, true, nil
}

// handleInputsSave handles the "POST /console/inputs/{agency}/{year}" route.
func (s *Server) handleInputsSave(w http.ResponseWriter, r *http.Request) error {
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	p, err := s.inputsPage(r, u)
	if err != nil {
		return err
	}
	values := map[string]float64{}
	for i, f := range p.Fields {
		p.Fields[i].Value = r.PostFormValue(f.Path)
		v, ok, err := parseFigure(p.Year, f.Path, p.Fields[i].Value)
		if err != nil {
			p.RowErrors = append(p.RowErrors, f.Row+"·"+f.Col+"："+err.Error())
		} else if ok {
			values[f.Path] = v
		}
	}
	if len(p.RowErrors) > 0 {
		p.Error = "有数值不正确，未保存。"
		s.render(w, r, http.StatusUnprocessableEntity, "inputs", p)
		return nil
	}
	return s.saveInputs(w, r, u, p, values, "manual")
}

// handleInputsTemplate handles the
// "GET /console/inputs/{agency}/{year}/template.xlsx" route: the import
// sheet with a row per cell and the stored figures.
func (s *Server) handleInputsTemplate(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	p, err := s.inputsPage(r, u)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	f.SetSheetRow(sh, "A1", &[]any{"单元格代码", "条目", "项目", "指标", "数值"})
	for i, fl := range p.Fields {
		row := []any{fl.Path, fl.Block, fl.Row, fl.Col, fl.Value}
		f.SetSheetRow(sh, "A"+strconv.Itoa(i+2), &row)
	}
	f.SetColWidth(sh, "A", "A", 26)
	f.SetColWidth(sh, "B", "D", 22)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment(fmt.Sprintf("%s%d年主动公开数据.xlsx", p.Agency.Name, p.Year)))
	w.Write(b.Bytes())
	return nil
}

// handleInputsImport handles the "POST /console/inputs/{agency}/{year}/import"
// route: an XLSX in the template's layout (column A the cell code, column
// E the figure); every bad row is reported with its number and nothing is
// stored until all rows are right.
func (s *Server) handleInputsImport(w http.ResponseWriter, r *http.Request) error {
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	p, err := s.inputsPage(r, u)
	if err != nil {
		return err
	}
	fail := func(msg string) error {
		p.Error = msg
		s.render(w, r, http.StatusUnprocessableEntity, "inputs", p)
		return nil
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return fail("请选择要导入的XLSX文件")
	}
	defer file.Close()
	x, err := excelize.OpenReader(file)
	if err != nil {
		return fail("文件不是有效的XLSX表格")
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		return fail("无法读取第一个工作表")
	}
	known := map[string]bool{}
	for _, f := range p.Fields {
		known[f.Path] = true
	}
	values := map[string]float64{}
	seen := map[string]bool{}
	for i, row := range rows {
		n := i + 1
		if len(row) == 0 || (i == 0 && strings.TrimSpace(row[0]) == "单元格代码") {
			continue
		}
		path := strings.TrimSpace(row[0])
		if path == "" {
			continue
		}
		cell := ""
		if len(row) > 4 {
			cell = row[4]
		}
		switch {
		case !known[path]:
			p.RowErrors = append(p.RowErrors, fmt.Sprintf("第%d行：“%s”不是%d年表二的单元格", n, path, p.Year))
			continue
		case seen[path]:
			p.RowErrors = append(p.RowErrors, fmt.Sprintf("第%d行：单元格%s重复", n, path))
			continue
		}
		seen[path] = true
		v, ok, err := parseFigure(p.Year, path, cell)
		if err != nil {
			p.RowErrors = append(p.RowErrors, fmt.Sprintf("第%d行：%s", n, err.Error()))
		} else if ok {
			values[path] = v
		}
	}
	if len(p.RowErrors) > 0 {
		return fail(fmt.Sprintf("导入文件有%d行错误，未保存。", len(p.RowErrors)))
	}
	return s.saveInputs(w, r, u, p, values, "xlsx:"+hdr.Filename)
}
