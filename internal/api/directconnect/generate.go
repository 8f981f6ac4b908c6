package directconnect

//go:generate go run ../../../tools/awsgen -service directconnect -ops operations.txt -out shapes_gen.go -pkg directconnect
