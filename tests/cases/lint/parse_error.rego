package lintcase.parse_error

deny contains msg if {
	msg := 
}
