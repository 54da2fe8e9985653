package main

// cgo is not allowed in _test.go files: these tests call the wrappers of
// reentry.go and main.go.

import (
	"strings"
	"sync"
	"testing"
)

func TestScoresThePersonAsThePublishedFormula(t *testing.T) {
	engine, err := NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	if nca, err := scorePerson(engine); err != nil || nca != 6 {
		t.Fatalf("NCA %d, %v; want 6", nca, err)
	}
}

func TestGoroutinesShareOneEngineAndGetTheirOwnErrors(t *testing.T) {
	engine, err := NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	var wait sync.WaitGroup
	failures := make(chan string, 64)
	for g := 0; g < 16; g++ {
		wait.Add(1)
		go func(g int) {
			defer wait.Done()
			for i := 0; i < 20; i++ {
				if (g+i)%2 == 0 {
					if code, field, _ := badCall(engine); code != 3 || field != "responses[0].number" {
						failures <- "error lost: " + field
					}
				} else if scores, err := scoreCaseload(engine, []int32{1, 0, 0, 3}); err != nil || scores[0] != 6 {
					failures <- "batch wrong"
				}
			}
		}(g)
	}
	wait.Wait()
	close(failures)
	for failure := range failures {
		t.Error(failure)
	}
}

func TestABatchErrorNamesTheColumnAndRow(t *testing.T) {
	engine, err := NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	_, err = scoreCaseload(engine, []int32{1, 0, -2, 3})
	e, ok := err.(*Error)
	if !ok || e.Code != 3 || e.Field != "columns[1]" || !strings.Contains(e.Message, "row 2") {
		t.Fatalf("got %v", err)
	}
}
