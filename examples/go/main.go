package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// The README's demo person: PSA NCA raw 10, scaled 6.
const person = `{"instrumentId": "psa", "responses": [
  {"itemId": "age_at_current_arrest", "number": 20},
  {"itemId": "current_violent_offense", "boolean": true},
  {"itemId": "pending_charge", "boolean": true},
  {"itemId": "prior_misdemeanor_conviction", "boolean": true},
  {"itemId": "prior_felony_conviction", "boolean": false},
  {"itemId": "prior_violent_convictions", "number": 1},
  {"itemId": "prior_fta_past_two_years", "number": 1},
  {"itemId": "prior_fta_older_than_two_years", "boolean": false},
  {"itemId": "prior_sentence_to_incarceration", "boolean": true}]}`

type scoreResponse struct {
	Result struct {
		Scales []struct {
			ScaleID     string  `json:"scaleId"`
			RawScore    float64 `json:"rawScore"`
			ScaledScore *int32  `json:"scaledScore"`
			Flag        *bool   `json:"flag"`
		} `json:"scales"`
	} `json:"result"`
}

// scorePerson scores the demo person in JSON and returns its NCA scaled score.
func scorePerson(engine *Engine) (int32, error) {
	out, _, err := engine.CallJSON("Score", []byte(person))
	if err != nil {
		return 0, err
	}
	var response scoreResponse
	if err := json.Unmarshal(out, &response); err != nil {
		return 0, err
	}
	for _, scale := range response.Result.Scales {
		if scale.ScaleID == "nca" && scale.ScaledScore != nil {
			return *scale.ScaledScore, nil
		}
	}
	return 0, errors.New("no NCA scaled score")
}

// scoreCaseload scores four people from columns (row 0 is the demo person);
// `priorViolent` gives the prior violent convictions of each.
func scoreCaseload(engine *Engine, priorViolent []int32) ([]int32, error) {
	columns := NewColumns(4)
	defer columns.Free()
	copy(columns.Int32("age_at_current_arrest"), []int32{20, 45, 30, 52})
	copy(columns.Int32("prior_violent_convictions"), priorViolent)
	copy(columns.Int32("prior_fta_past_two_years"), []int32{1, 0, 0, 2})
	for item, values := range map[string][]uint8{
		"current_violent_offense":         {1, 0, 0, 1},
		"pending_charge":                  {1, 0, 1, 0},
		"prior_misdemeanor_conviction":    {1, 0, 1, 1},
		"prior_felony_conviction":         {0, 0, 0, 1},
		"prior_fta_older_than_two_years":  {0, 0, 0, 1},
		"prior_sentence_to_incarceration": {1, 0, 0, 1},
	} {
		copy(columns.Bool8(item), values)
	}
	return engine.ScaledScores("psa", "nca", columns, 1)
}

// badCall returns the reentry.v1.Error of a Score with a negative count.
func badCall(engine *Engine) (code int, field string, message string) {
	out, status, err := engine.CallJSON("Score", []byte(`{"instrumentId": "psa", "responses":
		[{"itemId": "prior_violent_convictions", "number": -1}]}`))
	if err == nil {
		return 0, "", "no error"
	}
	var e struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	}
	if json.Unmarshal(out, &e) != nil || e.Code != status {
		return status, "", string(out)
	}
	return e.Code, e.Field, e.Message
}

func run() error {
	engine, err := NewEngine()
	if err != nil {
		return err
	}
	defer engine.Close()
	fmt.Printf("Go host, reentry %s\n", Version())

	nca, err := scorePerson(engine)
	if err != nil {
		return err
	}
	fmt.Printf("person: NCA scaled score %d\n", nca)
	caseload, err := scoreCaseload(engine, []int32{1, 0, 0, 3})
	if err != nil {
		return err
	}
	fmt.Printf("caseload: NCA %v\n", caseload)
	if nca != 6 || caseload[0] != nca {
		return fmt.Errorf("expected NCA 6 for the person and row 0, got %d and %d", nca, caseload[0])
	}

	code, field, message := badCall(engine)
	fmt.Printf("JSON error %d in %s: %s\n", code, field, message)
	if code != 3 || field != "responses[0].number" {
		return errors.New("the JSON error does not name responses[0].number")
	}
	_, err = scoreCaseload(engine, []int32{1, 0, -2, 3})
	var batchError *Error
	if !errors.As(err, &batchError) || batchError.Field != "columns[1]" {
		return fmt.Errorf("the batch error does not name columns[1]: %v", err)
	}
	fmt.Printf("batch error %d in %s: %s\n", batchError.Code, batchError.Field, batchError.Message)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "Go host: WRONG:", err)
		os.Exit(1)
	}
	fmt.Println("Go host: all checks passed")
}
